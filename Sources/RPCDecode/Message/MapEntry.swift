/// One key/value pair of a map field.
public struct MapEntry: Sendable, Hashable {
    public var key: FieldValue
    public var value: FieldValue

    public init(key: FieldValue, value: FieldValue) {
        self.key = key
        self.value = value
    }
}

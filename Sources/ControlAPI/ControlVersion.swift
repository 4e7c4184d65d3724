/// The versions of the vswitch control API (docs/control-api.md) this build speaks.
public enum ControlVersion {
    public static let current = 1
    public static let supported = [1]
    /// The longest line either side accepts.
    public static let maxLineBytes = 1 << 20
}

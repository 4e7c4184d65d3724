/// A byte-exact HPACK decoder (RFC 7541) for one direction of one connection.
///
/// Values come out as the exact bytes sent, including non-UTF-8 (gRPC true-binary `-bin`
/// metadata), which NIOHPACK cannot give. Dynamic table size updates are bounded by `maxTableSize`
/// (our limit) and, once `advertise(tableSize:)` was called, by the SETTINGS_HEADER_TABLE_SIZE the
/// receiving endpoint advertised (the HTTP/2 decoder calls it as SETTINGS are acknowledged).
public struct HPACKDecoder {
    private var table: HPACKDynamicTable
    private let staticTable = HPACKStaticTable.shared
    /// Largest dynamic table size an encoder may set (the `maxHeaderTableSize` limit).
    public let maxTableSize: Int
    /// Largest decoded header list (sum of name + value + 32 per field, RFC 9113 §6.5.2).
    public let maxHeaderListSize: Int
    /// The receiving endpoint's SETTINGS_HEADER_TABLE_SIZE in force; nil when no SETTINGS are followed.
    public private(set) var advertisedTableSize: Int?
    /// The smallest advertised size since the last block, if it is below the table's size: the
    /// next block must begin with an update to at most it (RFC 7541 §4.2).
    private var requiredUpdate: Int?
    /// The current literal field's name then value, decoded; reused so literals allocate nothing.
    private var literalBytes: [UInt8] = []

    /// `initialTableSize` is SETTINGS_HEADER_TABLE_SIZE's initial value, 4096 (RFC 9113 §6.5.2).
    public init(initialTableSize: Int = 4096, maxTableSize: Int = DecodeLimits.defaultMaxHeaderTableSize,
                maxHeaderListSize: Int = DecodeLimits.defaultMaxHeaderListSize) {
        table = HPACKDynamicTable(maxSize: initialTableSize)
        self.maxTableSize = maxTableSize
        self.maxHeaderListSize = maxHeaderListSize
    }

    /// The receiving endpoint's SETTINGS_HEADER_TABLE_SIZE now in force. Lowered below the
    /// table's current size, it obliges the encoder to shrink the table at the start of its next block.
    public mutating func advertise(tableSize: Int) {
        guard tableSize != advertisedTableSize else { return }
        if tableSize < table.maxSize { requiredUpdate = min(requiredUpdate ?? tableSize, tableSize) }
        advertisedTableSize = tableSize
    }

    /// Number of entries in the dynamic table.
    public var dynamicTableCount: Int { table.count }
    /// Current dynamic table size in octets (RFC 7541 §4.1).
    public var dynamicTableSize: Int { table.size }

    /// Decodes one complete header block, appending its fields to `headers`.
    public mutating func decode(_ block: UnsafeRawBufferPointer, into headers: inout Metadata) throws(HPACKError) {
        var i = 0
        var listSize = 0
        var sawField = false
        var owedUpdate = requiredUpdate
        while i < block.count {
            let first = block[i]
            if let owedUpdate, first & 0xE0 != 0x20 { throw .sizeUpdateMissing(required: owedUpdate) }
            if first & 0x80 != 0 {
                let index = try Self.integer(block, &i, prefixBits: 7)
                let (nameCount, valueCount) = try withEntry(index) { field, nameCount in
                    headers.append(field: field, nameCount: nameCount)
                    return (nameCount, field.count - nameCount)
                }
                try account(&listSize, nameCount, valueCount)
                sawField = true
            } else if first & 0xC0 == 0x40 {
                let nameEnd = try literal(block, &i, prefixBits: 6)
                try account(&listSize, nameEnd, literalBytes.count - nameEnd)
                literalBytes.withUnsafeBufferPointer { headers.append(field: $0, nameCount: nameEnd) }
                table.insert(literalBytes, nameCount: nameEnd)
                sawField = true
            } else if first & 0xE0 == 0x20 {
                // §4.2: size updates come first in a block.
                guard !sawField else { throw .sizeUpdateNotAtStart }
                let size = try Self.integer(block, &i, prefixBits: 5)
                if let advertisedTableSize, size > advertisedTableSize {
                    throw .tableSizeOverSetting(size, setting: advertisedTableSize)
                }
                guard size <= maxTableSize else { throw .tableSizeOverLimit(size) }
                if let owed = owedUpdate {
                    guard size <= owed else { throw .sizeUpdateMissing(required: owed) }
                    owedUpdate = nil
                }
                table.resize(to: size)
            } else {
                // Literal without indexing (0000) or never indexed (0001), 4-bit prefix.
                let nameEnd = try literal(block, &i, prefixBits: 4)
                try account(&listSize, nameEnd, literalBytes.count - nameEnd)
                literalBytes.withUnsafeBufferPointer { headers.append(field: $0, nameCount: nameEnd) }
                sawField = true
            }
        }
        if let owedUpdate { throw .sizeUpdateMissing(required: owedUpdate) }
        requiredUpdate = nil
    }

    private func account(_ listSize: inout Int, _ nameCount: Int, _ valueCount: Int) throws(HPACKError) {
        listSize += nameCount + valueCount + 32
        if listSize > maxHeaderListSize { throw .headerListOverLimit(listSize) }
    }

    /// Calls `body` with table entry `index` (static, then dynamic) read in place, its name then
    /// its value, and the name's length: nothing is copied or retained per field.
    private func withEntry<R>(_ index: Int, _ body: (UnsafeBufferPointer<UInt8>, Int) -> R) throws(HPACKError) -> R {
        if index >= 1 && index <= HPACKStaticTable.count { return staticTable.withEntry(index, body) }
        guard let result = table.withEntry(index - HPACKStaticTable.count, body) else { throw .invalidIndex(index) }
        return result
    }

    /// Decodes a literal field's name (new or indexed) and value into `literalBytes`, name first,
    /// and returns where the name ends.
    private mutating func literal(_ block: UnsafeRawBufferPointer, _ i: inout Int, prefixBits: Int) throws(HPACKError) -> Int {
        let nameIndex = try Self.integer(block, &i, prefixBits: prefixBits)
        literalBytes.removeAll(keepingCapacity: true)
        if nameIndex == 0 {
            try string(block, &i)
        } else {
            try withEntry(nameIndex) { field, nameCount in literalBytes.append(contentsOf: UnsafeBufferPointer(rebasing: field[..<nameCount])) }
        }
        let nameEnd = literalBytes.count
        try string(block, &i)
        return nameEnd
    }

    /// Appends one string literal (raw or Huffman-coded, §5.2) to `literalBytes`.
    private mutating func string(_ block: UnsafeRawBufferPointer, _ i: inout Int) throws(HPACKError) {
        guard i < block.count else { throw .truncated }
        let huffman = block[i] & 0x80 != 0
        let length = try Self.integer(block, &i, prefixBits: 7)
        guard length <= block.count - i else { throw .truncated }
        let bytes = UnsafeRawBufferPointer(rebasing: block[i..<(i + length)])
        i += length
        guard huffman else { return literalBytes.append(contentsOf: bytes) }
        do {
            try HuffmanDecoder.decode(bytes, into: &literalBytes)
        } catch {
            throw .invalidHuffman
        }
    }

    /// Decodes a prefixed integer (§5.1). Values above 2^28 are refused: no legitimate index,
    /// length or size comes near, and it keeps the arithmetic far from overflow. So are encodings
    /// longer than five bytes after the prefix: a sixth could only add bits from 2^35 up, or zero
    /// padding, whose shifts would overflow.
    static func integer(_ block: UnsafeRawBufferPointer, _ i: inout Int, prefixBits: Int) throws(HPACKError) -> Int {
        guard i < block.count else { throw .truncated }
        let mask = (1 << prefixBits) - 1
        var value = Int(block[i]) & mask
        i += 1
        guard value == mask else { return value }
        var shift = 0
        while true {
            guard i < block.count else { throw .truncated }
            guard shift <= 28 else { throw .integerOverflow }
            let b = block[i]
            i += 1
            value += Int(b & 0x7F) << shift
            shift += 7
            if value > 1 << 28 { throw .integerOverflow }
            if b & 0x80 == 0 { return value }
        }
    }
}

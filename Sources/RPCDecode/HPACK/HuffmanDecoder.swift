/// Decodes HPACK Huffman-coded strings (RFC 7541 §5.2) using the canonical form of the code:
/// the codes of one bit length are consecutive numbers, so one comparison per length finds a symbol.
enum HuffmanDecoder {
    private struct Tables {
        /// For each bit length 0…30: the first code of that length, and how many codes have it.
        var firstCode = [UInt32](repeating: 0, count: 31)
        var countAtLength = [UInt32](repeating: 0, count: 31)
        /// Index into `symbols` of the first symbol of each length.
        var firstIndex = [Int](repeating: 0, count: 31)
        /// Symbols ordered by (length, code).
        var symbols: [UInt16] = []
    }

    private static let tables: Tables = {
        var t = Tables()
        let ordered = HuffmanCodeTable.codes.enumerated().sorted {
            ($0.element.length, $0.element.code) < ($1.element.length, $1.element.code)
        }
        t.symbols = ordered.map { UInt16($0.offset) }
        for (position, entry) in ordered.enumerated() {
            let length = Int(entry.element.length)
            if t.countAtLength[length] == 0 {
                t.firstCode[length] = entry.element.code
                t.firstIndex[length] = position
            }
            t.countAtLength[length] += 1
        }
        return t
    }()

    /// Why a Huffman string is invalid.
    enum Failure: Error { case eosDecoded, badPadding }

    /// Appends the decoded bytes of `input` to `output`.
    static func decode(_ input: UnsafeRawBufferPointer, into output: inout [UInt8]) throws(Failure) {
        let t = tables
        var code: UInt32 = 0
        var length = 0
        for byte in input {
            for shift in stride(from: 7, through: 0, by: -1) {
                code = code << 1 | UInt32((byte >> UInt8(shift)) & 1)
                length += 1
                let count = t.countAtLength[length]
                if count != 0, code >= t.firstCode[length], code - t.firstCode[length] < count {
                    let symbol = t.symbols[t.firstIndex[length] + Int(code - t.firstCode[length])]
                    if symbol == 256 { throw .eosDecoded }
                    output.append(UInt8(symbol))
                    code = 0
                    length = 0
                } else if length == 30 {
                    throw .badPadding
                }
            }
        }
        // §5.2: padding is fewer than 8 bits, all ones (the most significant bits of EOS).
        guard length <= 7, code == (UInt32(1) << UInt32(length)) - 1 else { throw .badPadding }
    }
}

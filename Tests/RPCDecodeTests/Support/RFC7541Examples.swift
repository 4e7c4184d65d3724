/// The header blocks of RFC 7541 Appendix C that the HPACK tests decode: each example is one
/// connection direction whose blocks share a dynamic table.
enum RFC7541Examples {
    /// C.4: three requests with Huffman coding, default 4096-octet table.
    static let requestsWithHuffman = [
        "828684418cf1e3c2e5f23a6ba0ab90f4ff",
        "828684be5886a8eb10649cbf",
        "828785bf408825a849e95ba97d7f8925a849e95bb8e8b4bf",
    ]

    /// C.6: three responses with Huffman coding in a 256-octet table, which forces evictions.
    static let responsesWithEviction = [
        "488264025885aec3771a4b6196d07abe941054d444a8200595040b8166e082a62d1bff6e919d29ad171863c78f0b97c8e9ae82ae43d3",
        "4883640effc1c0bf",
        "88c16196d07abe941054d444a8200595040b8166e084a62d1bffc05a839bd9ab77ad94e7821dd7f2e6c7b335dfdfcd5b3960d5af27087f3672c1ab270fb5291f9587316065c003ed4ee5b1063d5007",
    ]

    /// The table size `responsesWithEviction` is decoded with.
    static let responsesTableSize = 256
}

import RPCDecode
import XCTest

/// `RecentEntryMap` answers every lookup as a plain dictionary would, whatever the order of
/// inserts, replacements, removals and repeated lookups of one key.
final class RecentEntryMapTests: XCTestCase {
    private final class Box {
        let id: Int
        init(_ id: Int) { self.id = id }
    }

    func testAnswersAsADictionaryThroughRandomOperations() {
        var random = SeededGenerator(seed: 21)
        var map = RecentEntryMap<UInt32, Box>()
        var reference: [UInt32: Box] = [:]
        var nextID = 0
        for step in 0..<20_000 {
            // Few keys, so that lookups repeat the recent key and removals hit it.
            let key = UInt32.random(in: 0..<6, using: &random)
            switch Int.random(in: 0..<10, using: &random) {
            case 0, 1:
                nextID += 1
                let box = Box(nextID)
                map.insert(box, for: key)
                reference[key] = box
            case 2, 3:
                XCTAssertTrue(map.remove(key) === reference.removeValue(forKey: key), "step \(step): remove \(key)")
            default:
                XCTAssertTrue(map.value(for: key) === reference[key], "step \(step): value for \(key)")
            }
            XCTAssertEqual(map.count, reference.count, "step \(step)")
        }
        XCTAssertEqual(Set(map.keys), Set(reference.keys))
    }
}

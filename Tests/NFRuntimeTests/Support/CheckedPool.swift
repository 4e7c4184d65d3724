import NFRuntime
import XCTest

extension XCTestCase {
    /// A `MemoryPool` whose buffers must all be back when the test ends: asserted at tear-down,
    /// after the test's graphs, ports and batches are gone. A pool that still lends buffers is
    /// kept alive (its deinit would trap) so the leak is reported as a failure, not a crash.
    func makeCheckedPool(count: Int = 256, bufferSize: Int = 2048 + MemoryPool.headroom,
                         file: StaticString = #filePath, line: UInt = #line) -> MemoryPool {
        let pool = MemoryPool(count: count, bufferSize: bufferSize)
        addTeardownBlock {
            XCTAssertEqual(pool.inUse, 0, "every buffer returns to the pool once the graph is done", file: file, line: line)
            if pool.inUse != 0 { LeakedPools.keep(pool) }
        }
        return pool
    }
}

/// Pools a failed test left buffers in, kept for the life of the process.
enum LeakedPools {
    nonisolated(unsafe) private static var pools: [MemoryPool] = []
    static func keep(_ pool: MemoryPool) { pools.append(pool) }
}

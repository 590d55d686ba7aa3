/// A first-in first-out ring buffer with a hard capacity: appending to a full buffer evicts the oldest element.
/// Storage grows lazily, so a large capacity costs nothing until it is used.
struct BoundedFIFO<Element> {
    let capacity: Int
    private var storage: [Element?] = []
    private var head = 0
    private(set) var count = 0

    init(capacity: Int) {
        self.capacity = max(1, capacity)
    }

    var isEmpty: Bool { count == 0 }

    /// Adds `element` at the back; returns the evicted oldest element when the buffer was full.
    mutating func append(_ element: Element) -> Element? {
        if count == capacity {
            let evicted = storage[head]
            storage[head] = element
            head = (head + 1) % storage.count
            return evicted
        }
        growIfFull()
        storage[(head + count) % storage.count] = element
        count += 1
        return nil
    }

    /// Puts `element` back at the front (it is the oldest); returns it unchanged if there is no room.
    mutating func prepend(_ element: Element) -> Element? {
        if count == capacity { return element }
        growIfFull()
        head = (head - 1 + storage.count) % storage.count
        storage[head] = element
        count += 1
        return nil
    }

    /// Removes and returns the oldest element.
    mutating func popFirst() -> Element? {
        guard count > 0 else { return nil }
        let element = storage[head]
        storage[head] = nil
        head = (head + 1) % storage.count
        count -= 1
        return element
    }

    /// Removes and returns up to `limit` of the oldest elements, oldest first.
    mutating func popFirst(upTo limit: Int) -> [Element] {
        var batch: [Element] = []
        batch.reserveCapacity(min(limit, count))
        while batch.count < limit, let element = popFirst() {
            batch.append(element)
        }
        return batch
    }

    /// Removes everything.
    mutating func removeAll() {
        storage = []
        head = 0
        count = 0
    }

    private mutating func growIfFull() {
        guard count == storage.count else { return }
        let newSize = min(capacity, max(16, storage.count * 2))
        var grown: [Element?] = []
        grown.reserveCapacity(newSize)
        for offset in 0..<count {
            grown.append(storage[(head + offset) % storage.count])
        }
        grown.append(contentsOf: repeatElement(nil, count: newSize - count))
        storage = grown
        head = 0
    }
}

package org.massaged.controller.mqtt;

import java.util.ArrayDeque;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Messages off the broker waiting for the bridge's thread, bounded by count and by payload bytes: a burst of
 * small messages (everything the broker held for the daemon's session) fits, a burst of large ones cannot fill
 * the heap. Paho's thread offers; the bridge's thread polls. Thread-safe.
 */
final class ArrivalQueue<T> {

    private final int maxMessages;
    private final long maxBytes;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition room = lock.newCondition();
    private final ArrayDeque<T> queue = new ArrayDeque<>();
    private final ArrayDeque<Integer> sizes = new ArrayDeque<>();
    private long bytes;

    ArrivalQueue(int maxMessages, long maxBytes) {
        this.maxMessages = maxMessages;
        this.maxBytes = maxBytes;
    }

    /** Adds it if there is room now; false when full. */
    boolean offer(T item, int size) {
        lock.lock();
        try {
            if (!fits(size)) {
                return false;
            }
            add(item, size);
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** Adds it, waiting for room. */
    void put(T item, int size) throws InterruptedException {
        lock.lock();
        try {
            while (!fits(size)) {
                room.await();
            }
            add(item, size);
        } finally {
            lock.unlock();
        }
    }

    /** The oldest message, or null. */
    T poll() {
        lock.lock();
        try {
            T item = queue.pollFirst();
            if (item != null) {
                bytes -= sizes.pollFirst();
                room.signalAll();
            }
            return item;
        } finally {
            lock.unlock();
        }
    }

    boolean isEmpty() {
        lock.lock();
        try {
            return queue.isEmpty();
        } finally {
            lock.unlock();
        }
    }

    /** Always room for one, however large (the broker already kept it within the daemon's packet size). */
    private boolean fits(int size) {
        return queue.isEmpty() || (queue.size() < maxMessages && bytes + size <= maxBytes);
    }

    private void add(T item, int size) {
        queue.addLast(item);
        sizes.addLast(size);
        bytes += size;
    }
}

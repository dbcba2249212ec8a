package cn.ledger.projection.rebuild;

import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Supplier;

/**
 * Holds a service's own writers (schedulers, operator commands) while a rebuilt projection replaces
 * the live one, so that nothing is written into tables that are about to be retired. Readers of the
 * read model never pass through it: queries go on during the switch.
 */
public class SwitchGate {

    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();

    /** Runs a write to the read model; waits while a switch is in progress. */
    public <T> T write(Supplier<T> work) {
        lock.readLock().lock();
        try {
            return work.get();
        } finally {
            lock.readLock().unlock();
        }
    }

    public void write(Runnable work) {
        write(() -> {
            work.run();
            return null;
        });
    }

    /** Runs the switch with every writer kept out. */
    void exclusively(Runnable work) {
        lock.writeLock().lock();
        try {
            work.run();
        } finally {
            lock.writeLock().unlock();
        }
    }
}

package org.massaged.controller.hardware.gpio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class DebouncerTest {

    private static final long MS = 1_000_000L;

    @Test
    void acceptsAStateOnceItHeldForTheDebounceTime() {
        Debouncer debouncer = new Debouncer(20 * MS, false, 0);
        debouncer.raw(true, 100 * MS);
        assertThat(debouncer.settle(119 * MS)).isEmpty();
        assertThat(debouncer.settle(120 * MS)).contains(true);
        assertThat(debouncer.settle(500 * MS)).isEmpty();
        assertThat(debouncer.accepted()).isTrue();
    }

    @Test
    void everyRawChangeRestartsTheWait() {
        Debouncer debouncer = new Debouncer(20 * MS, false, 0);
        for (long t = 0; t < 100; t += 5) {
            debouncer.raw(t % 10 == 0, t * MS);
            assertThat(debouncer.settle(t * MS)).isEmpty();
        }
        debouncer.raw(true, 100 * MS);
        assertThat(debouncer.settle(119 * MS)).isEmpty();
        assertThat(debouncer.settle(120 * MS)).contains(true);
    }

    @Test
    void repeatedSamplesOfTheSameLevelDoNotRestartTheWait() {
        Debouncer debouncer = new Debouncer(20 * MS, false, 0);
        debouncer.raw(true, 0);
        debouncer.raw(true, 10 * MS);
        debouncer.raw(true, 19 * MS);
        assertThat(debouncer.settle(20 * MS)).contains(true);
    }

    @Test
    void aBounceBackToTheAcceptedStateIsNoChange() {
        Debouncer debouncer = new Debouncer(20 * MS, false, 0);
        debouncer.raw(true, 0);
        debouncer.raw(false, 5 * MS);
        assertThat(debouncer.settle(100 * MS)).isEmpty();
        assertThat(debouncer.accepted()).isFalse();
    }

    @Test
    void acceptAtOnceSkipsTheWaitOneWayOnly() {
        Debouncer debouncer = new Debouncer(20 * MS, false, 0);
        debouncer.acceptAtOnce(true, 0);
        assertThat(debouncer.accepted()).isTrue();
        debouncer.raw(false, 1 * MS);
        assertThat(debouncer.settle(20 * MS)).isEmpty();
        assertThat(debouncer.settle(21 * MS)).contains(false);
    }

    @Test
    void worksAcrossTheNanoTimeWrap() {
        long start = Long.MAX_VALUE - 5 * MS;
        Debouncer debouncer = new Debouncer(20 * MS, false, start);
        debouncer.raw(true, start);
        assertThat(debouncer.settle(start + 19 * MS)).isEmpty();
        assertThat(debouncer.settle(start + 20 * MS)).contains(true);
    }

    @Test
    void refusesANegativeDebounce() {
        assertThatThrownBy(() -> new Debouncer(-1, false, 0)).isInstanceOf(IllegalArgumentException.class);
    }
}

package org.massaged.controller.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Issue 13 item 7: acknowledgements of arriving messages never go out ahead of the answer to a stop. */
class AcknowledgementsTest {

    private final Acknowledgements acknowledgements = new Acknowledgements();
    private final List<Integer> sent = new ArrayList<>();

    @Test
    void withNothingUrgentOutstandingEachMessageIsAcknowledgedAtOnce() {
        take(1);
        take(2);
        assertThat(sent).containsExactly(1, 2);
    }

    @Test
    void whileSomethingUrgentIsOutstandingAcknowledgementsWaitThenGoOutInOrder() {
        take(1);
        acknowledgements.urgentOutstanding(true);
        take(2);
        take(3);
        acknowledgements.urgentOutstanding(true); // another urgent one, still outstanding
        assertThat(sent).as("only what came before the answer").containsExactly(1);
        assertThat(acknowledgements.waiting()).isEqualTo(2);

        acknowledgements.urgentOutstanding(false);
        assertThat(sent).containsExactly(1, 2, 3);
        take(4);
        assertThat(sent).containsExactly(1, 2, 3, 4);
        assertThat(acknowledgements.waiting()).isZero();
    }

    /** The broker sends no more than the Receive Maximum unacknowledged: it must never stop for want of them. */
    @Test
    void atMostHalfTheReceiveMaximumWaitThenTheyAllGoOut() {
        acknowledgements.urgentOutstanding(true);
        for (int id = 0; id < Acknowledgements.MOST_WAITING; id++) {
            take(id);
        }
        assertThat(sent).isEmpty();
        take(Acknowledgements.MOST_WAITING);
        assertThat(sent).hasSize(Acknowledgements.MOST_WAITING + 1).isSorted();
        take(Acknowledgements.MOST_WAITING + 1);
        assertThat(acknowledgements.waiting()).as("waiting again, the urgent message still outstanding").isOne();
    }

    /** Any interleaving: each message acknowledged exactly once, in the order taken in, none while urgent is out. */
    @Test
    void randomSequencesAcknowledgeEachMessageExactlyOnceInOrder() {
        long seed = Long.getLong("acks.seed", 20261130L);
        System.out.println("acknowledgements seed " + seed + " (-Dacks.seed=...)");
        Random random = new Random(seed);
        for (int round = 0; round < 200; round++) {
            Acknowledgements subject = new Acknowledgements();
            List<Integer> acknowledged = new ArrayList<>();
            Map<Integer, Integer> times = new HashMap<>();
            boolean[] urgent = {false};
            int next = 0;
            for (int step = 0; step < 2000; step++) {
                if (random.nextInt(50) == 0) {
                    urgent[0] = !urgent[0];
                    subject.urgentOutstanding(urgent[0]);
                    continue;
                }
                int id = next++;
                int taken = subject.waiting();
                subject.taken(() -> {
                    acknowledged.add(id);
                    times.merge(id, 1, Integer::sum);
                });
                boolean mustWait = urgent[0] && taken < Acknowledgements.MOST_WAITING;
                assertThat(times.containsKey(id)).as("seed %d round %d: message %d acknowledged at once (urgent "
                        + "outstanding: %s, %d waiting)", seed, round, id, urgent[0], taken).isEqualTo(!mustWait);
            }
            subject.urgentOutstanding(false);
            assertThat(acknowledged).as("seed %d round %d", seed, round).isSorted().hasSize(next);
            assertThat(times.values()).as("seed %d round %d: once each", seed, round).allMatch(count -> count == 1);
        }
    }

    private void take(int id) {
        acknowledgements.taken(() -> sent.add(id));
    }
}

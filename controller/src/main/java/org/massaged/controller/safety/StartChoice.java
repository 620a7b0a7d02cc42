package org.massaged.controller.safety;

import java.time.Duration;

/**
 * What the next start will use, as chosen while no session was in progress (or the defaults): shown in the state
 * so that every dashboard and the command line see the same choice.
 *
 * @param heat whether the next start warms the pad: as chosen, else as the program says
 */
public record StartChoice(String program, Duration duration, int level, boolean heat) {}

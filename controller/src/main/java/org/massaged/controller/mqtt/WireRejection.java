package org.massaged.controller.mqtt;

import java.util.Optional;

/**
 * A command refused on the wire, before it reaches the control loop: nothing changed. {@code reason} is a
 * stable code listed in docs/mqtt.md, {@code field} the offending JSON field or topic level when there is one.
 */
public record WireRejection(String reason, Optional<String> field, String message) {

    public static WireRejection of(String reason, String message) {
        return new WireRejection(reason, Optional.empty(), message);
    }

    public static WireRejection field(String reason, String field, String message) {
        return new WireRejection(reason, Optional.of(field), message);
    }

    /** Carries a rejection out of deep parsing code. */
    static final class Thrown extends Exception {
        final transient WireRejection rejection;

        Thrown(WireRejection rejection) {
            super(rejection.message(), null, false, false);
            this.rejection = rejection;
        }
    }

    Thrown thrown() {
        return new Thrown(this);
    }
}

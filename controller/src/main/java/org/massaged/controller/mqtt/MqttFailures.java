package org.massaged.controller.mqtt;

import java.security.cert.CertPathBuilderException;
import java.security.cert.CertificateException;
import java.util.Optional;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;

/** What went wrong with the broker, in words a person can act on: one line, the setting to check named. */
final class MqttFailures {

    private MqttFailures() {}

    static String describe(Throwable failure) {
        Optional<String> tls = tlsTrouble(failure);
        if (tls.isPresent()) {
            return tls.get();
        }
        if (failure instanceof org.eclipse.paho.mqttv5.common.MqttException mqtt) {
            return withCause(mqtt.getMessage() + " (reason " + mqtt.getReasonCode() + ")", mqtt.getCause());
        }
        if (failure instanceof org.eclipse.paho.client.mqttv3.MqttException mqtt) {
            return withCause(mqtt.getMessage() + " (reason " + mqtt.getReasonCode() + ")", mqtt.getCause());
        }
        return String.valueOf(failure);
    }

    private static Optional<String> tlsTrouble(Throwable failure) {
        boolean handshake = false;
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof CertPathBuilderException
                    || cause instanceof SSLHandshakeException && String.valueOf(cause.getMessage()).contains("PKIX")) {
                return Optional.of("the broker's TLS certificate is not trusted: it is not signed by the CA in"
                        + " mqtt.tls.caFile (or, without it, by one the JVM trusts)");
            }
            if (cause instanceof CertificateException && String.valueOf(cause.getMessage()).startsWith("No ")) {
                return Optional.of("the broker's TLS certificate is not for this host (" + cause.getMessage()
                        + "): connect by a name the certificate lists, in mqtt.broker");
            }
            handshake |= cause instanceof SSLException;
        }
        return handshake ? Optional.of("the TLS handshake with the broker failed (" + rootMessage(failure)
                + "): check the broker's TLS port and the mqtt.tls settings") : Optional.empty();
    }

    private static String rootMessage(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return String.valueOf(root.getMessage());
    }

    private static String withCause(String message, Throwable cause) {
        return cause != null ? message + ": " + cause : message;
    }
}

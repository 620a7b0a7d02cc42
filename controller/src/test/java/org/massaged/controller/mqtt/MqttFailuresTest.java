package org.massaged.controller.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ConnectException;
import java.security.cert.CertificateException;
import javax.net.ssl.SSLHandshakeException;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.junit.jupiter.api.Test;

class MqttFailuresTest {

    @Test
    void anUntrustedCertificateNamesTheSettingToCheck() {
        MqttException failure = new MqttException(new SSLHandshakeException("PKIX path building failed:"
                + " sun.security.provider.certpath.SunCertPathBuilderException: unable to find valid certification"
                + " path to requested target"));

        assertThat(MqttFailures.describe(failure))
                .contains("certificate is not trusted", "mqtt.tls.caFile")
                .doesNotContain("Untranslated", "PKIX");
    }

    @Test
    void aCertificateForAnotherHostSaysSo() {
        SSLHandshakeException handshake = new SSLHandshakeException("No subject alternative names present");
        handshake.initCause(new CertificateException("No subject alternative names matching IP address 10.0.0.5 found"));

        assertThat(MqttFailures.describe(new MqttException(handshake)))
                .contains("not for this host", "10.0.0.5", "mqtt.broker");
    }

    @Test
    void anyOtherHandshakeFailurePointsAtTheTlsSettings() {
        MqttException failure = new MqttException(new SSLHandshakeException("Received fatal alert: handshake_failure"));

        assertThat(MqttFailures.describe(failure)).contains("TLS handshake", "handshake_failure", "mqtt.tls");
    }

    @Test
    void aRefusedConnectionIsDescribedAsBefore() {
        MqttException failure = new MqttException(32103, new ConnectException("Connection refused"));

        assertThat(MqttFailures.describe(failure)).endsWith("(reason 32103): java.net.ConnectException: Connection refused");
    }
}

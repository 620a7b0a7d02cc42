package org.massaged.controller.mqtt;

/** Every topic the bridge reads or writes, derived from the settings (docs/mqtt.md lists them). */
public record Topics(String root, String discoveryPrefix, String deviceId) {

    public static Topics of(MqttSettings settings) {
        return new Topics(settings.topicRoot(), settings.discoveryPrefix(), settings.deviceId());
    }

    public String state() { return root + "/state"; }
    public String availability() { return root + "/availability"; }
    public String link() { return root + "/link"; }
    public String event() { return root + "/event"; }
    public String response() { return root + "/response"; }
    public String set() { return root + "/set"; }
    public String setPrefix() { return root + "/set/"; }
    public String setField(String field) { return setPrefix() + field; }
    /** Matches {@code set} itself as well as every {@code set/<field>}. */
    public String setFilter() { return root + "/set/#"; }
    public String get() { return root + "/get"; }
    /** The daemon's own loopback probe: proves that commands reach it (docs/mqtt.md, "Command channel"). */
    public String probe() { return root + "/probe"; }
    /** Requesters' own response topics lie under this prefix (MQTT 5 response topic). */
    public String responsePrefix() { return root + "/response/"; }
    /** Everything under the root, for the cleaner. */
    public String subtree() { return root + "/#"; }

    public String haStatus() { return discoveryPrefix + "/status"; }
    /** The Home Assistant device id: also the node in the discovery topic. */
    public String haDeviceId() { return "massaged_" + deviceId; }
    public String discoveryConfig() { return discoveryPrefix + "/device/" + haDeviceId() + "/config"; }
}

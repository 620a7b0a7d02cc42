/* Payloads of the messages (protocol section 4): the host's messages decoded, the MCU's encoded. */
#ifndef CORE_MESSAGES_H
#define CORE_MESSAGES_H

#include <stdint.h>
#include "config.h"
#include "protocol.h"

/* ---- host -> MCU ---- */

struct hello {
    uint32_t nonce;
    uint8_t host_major;
    uint8_t host_minor;
};

struct zone_rules {
    uint16_t max_steps;
    uint16_t off_below;
    uint16_t kick_steps;
    uint16_t kick_ms;
    uint16_t stall_rpm;
    uint16_t stuck_rpm;
    uint16_t spin_down_ms;
};

struct configure {
    uint8_t zone_count; /* as sent; only the first CORE_MAX_ZONES are kept */
    struct zone_rules zones[CORE_MAX_ZONES];
    uint16_t heater_max_centi;
    uint16_t heater_trip_centi;
    uint16_t max_lease_ms;
    uint16_t status_period_ms;
    uint16_t session_cap_s;
};
/* payload offsets, for BAD_CONFIGURATION's value */
#define CONFIGURE_ZONE_OFFSET(zone, field_offset) (1 + CONFIG_ZONE_BYTES * (zone) + (field_offset))
#define CONFIGURE_TAIL_OFFSET(zone_count, field_offset) (1 + CONFIG_ZONE_BYTES * (zone_count) + (field_offset))

struct setpoint {
    uint16_t lease_ms;
    uint8_t heater_on;
    uint16_t heater_centi;
    uint8_t zone_count; /* as sent; only the first CORE_MAX_ZONES steps are kept */
    uint16_t steps[CORE_MAX_ZONES];
    uint8_t all_off; /* every step 0 (all of them, also beyond CORE_MAX_ZONES) and the heater off */
};
#define SETPOINT_OFFSET_LEASE 0
#define SETPOINT_OFFSET_HEATER_ON 2
#define SETPOINT_OFFSET_HEATER_CENTI 3
#define SETPOINT_OFFSET_ZONE_COUNT 5
#define SETPOINT_OFFSET_STEPS(zone) (6 + 2 * (zone))

struct heartbeat {
    uint16_t lease_ms;
};

/* Each returns 1 when the payload fits its type exactly, 0 for a bad payload. */
uint8_t decode_hello(const uint8_t *payload, uint8_t length, struct hello *out);
uint8_t decode_configure(const uint8_t *payload, uint8_t length, struct configure *out);
uint8_t decode_setpoint(const uint8_t *payload, uint8_t length, struct setpoint *out);
uint8_t decode_heartbeat(const uint8_t *payload, uint8_t length, struct heartbeat *out);
uint8_t decode_emergency_stop(const uint8_t *payload, uint8_t length, uint8_t *reason);
uint8_t decode_empty(uint8_t length);

/* ---- MCU -> host ---- */

struct identity_zone {
    uint16_t steps;
    const char *id;
};

struct identify {
    uint8_t major;
    uint8_t minor;
    const char *firmware_version;
    const char *board_id;
    uint32_t boot_id;
    uint32_t nonce;
    uint16_t max_lease_ms;
    uint16_t session_cap_s;
    uint8_t capabilities;
    uint8_t temperature_count;
    uint8_t zone_count;
    const struct identity_zone *zones;
};

struct zone_status {
    uint16_t steps;
    uint16_t rpm;
    uint16_t current_ma;
};

struct status {
    uint32_t boot_id;
    uint32_t uptime_ms;
    uint8_t flags;
    uint8_t latched_fault;
    uint16_t config_crc;
    uint16_t lease_left_ms;
    uint16_t crc_errors;
    uint16_t retransmits;
    uint8_t zone_count;
    struct zone_status zones[CORE_MAX_ZONES];
    uint8_t temperature_count;
    int16_t temperatures_centi[CORE_MAX_SENSORS];
};

/* the longest STATUS this build sends (also the longest unreliable frame) */
#define STATUS_PAYLOAD_MAX (20 + 6 * CORE_MAX_ZONES + 2 * CORE_MAX_SENSORS)

struct fault_report {
    uint8_t code;
    uint8_t index;
    int16_t value;
    uint8_t not_cleared; /* the message starts "not cleared: " (section 5.1 item 6) */
    const char *text;    /* in flash (PROGMEM) on the AVR */
};

struct boot {
    uint32_t boot_id;
    uint8_t reset_cause;
};

/* Each writes the payload into out (capacity bytes) and returns its length, or 0 if it did not fit. */
uint8_t encode_identify(const struct identify *m, uint8_t *out, uint8_t capacity);
uint8_t encode_status(const struct status *m, uint8_t *out, uint8_t capacity);
uint8_t encode_fault(const struct fault_report *m, uint8_t *out, uint8_t capacity);
uint8_t encode_boot(const struct boot *m, uint8_t *out, uint8_t capacity);

#endif

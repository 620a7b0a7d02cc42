/* Compile-time sizes of the core: the AVR build sets them to its board, the host tests use the defaults. */
#ifndef CORE_CONFIG_H
#define CORE_CONFIG_H

#ifndef CORE_MAX_ZONES
#define CORE_MAX_ZONES 4
#endif

#ifndef CORE_MAX_SENSORS
#define CORE_MAX_SENSORS 2
#endif

/* Largest reliable payload the MCU sends (IDENTIFY is the longest; FAULT texts are short). */
#ifndef CORE_MAX_RELIABLE_PAYLOAD
#define CORE_MAX_RELIABLE_PAYLOAD 120
#endif

/* Reliable frames waiting behind the one in flight. */
#ifndef CORE_OUTBOX
#define CORE_OUTBOX 6
#endif

#endif

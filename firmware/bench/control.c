/*
 * The control channel: TCP on 127.0.0.1, one command per line, answered by one line `ok …` or `error: …`.
 * `help` lists the commands. Faults are those of the Java simulator's control port (docs/firmware.md).
 */
#define _DEFAULT_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>
#include "bench.h"

#define MAX_CLIENTS 4

int quit_requested;
static int listener = -1;
static int bound_port;
static struct client {
    int fd;
    char line[512];
    size_t length;
} clients[MAX_CLIENTS];

static const char HELP[] =
    "ok commands: time | state | estop-latency | stall on|off | stuck-relay STEPS | heater-runaway on|off | "
    "thermistor ok|open|short | pad CELSIUS | occupied on|off | estop open|closed | reset | hang | "
    "silent on|off | ber R | corrupt R | noise N | clear | quit";

int control_open(int port) {
    listener = socket(AF_INET, SOCK_STREAM, 0);
    int yes = 1;
    setsockopt(listener, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
    struct sockaddr_in address = {0};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    address.sin_port = htons((uint16_t)port);
    if (bind(listener, (struct sockaddr *)&address, sizeof address) || listen(listener, 4)) {
        fprintf(stderr, "bench: control port %d: %s\n", port, strerror(errno));
        return -1;
    }
    socklen_t length = sizeof address;
    getsockname(listener, (struct sockaddr *)&address, &length);
    bound_port = ntohs(address.sin_port);
    for (int i = 0; i < MAX_CLIENTS; i++) {
        clients[i].fd = -1;
    }
    return 0;
}

int control_port(void) {
    return bound_port;
}

static void reply(struct client *c, const char *format, ...) {
    static char text[16500];
    va_list args;
    va_start(args, format);
    int n = vsnprintf(text, sizeof text - 1, format, args);
    va_end(args);
    if (n < 0) {
        return;
    }
    if (n > (int)sizeof text - 2) {
        n = (int)sizeof text - 2;
    }
    text[n++] = '\n';
    if (write(c->fd, text, (size_t)n) < 0) {
        /* the client went away; its read will notice */
    }
}

static int on_off(const char *word, int *out) {
    if (word && strcmp(word, "on") == 0) {
        *out = 1;
        return 1;
    }
    if (word && strcmp(word, "off") == 0) {
        *out = 0;
        return 1;
    }
    return 0;
}

static int number(const char *word, double low, double high, double *out) {
    char *end;
    if (!word) {
        return 0;
    }
    double value = strtod(word, &end);
    if (end == word || *end || value < low || value > high) {
        return 0;
    }
    *out = value;
    return 1;
}

static void state(struct client *c) {
    reply(c,
          "ok time_us=%llu duty=%.3f relay=%d heater=%d rpm=%.0f pad_c=%.2f led=%d estop=%s occupied=%d "
          "thermistor=%s stalled=%d stuck_relay=%d heater_runaway=%d silent=%d resets=%u "
          "last_from_host_us=%llu relay_fell_us=%llu statuses=%u boot_id=%08x flags=%u latched=%u config_crc=%04x "
          "crc_errors=%u retransmits=%u lagged_ms=%.0f",
          (unsigned long long)sim_us(), world_duty(), world.relay, world.heater, world.rpm, world.pad_celsius,
          world.led, world.estop_open ? "open" : "closed", world.occupied,
          world.thermistor == 0 ? "ok" : world.thermistor == 1 ? "open" : "short", world.stalled,
          world.stuck_relay_steps, world.heater_runaway, line_faults.silent, world.resets,
          (unsigned long long)line_seen.last_from_host_us, (unsigned long long)line_seen.relay_fell_us,
          line_seen.statuses, line_seen.boot_id, line_seen.flags, line_seen.latched, line_seen.config_crc,
          line_seen.crc_errors, line_seen.retransmits, lagged_us / 1000);
}

static void latencies(struct client *c) {
    static uint64_t values[1024];
    int n = line_latencies(values, 1024);
    static char text[16384];
    size_t used = (size_t)snprintf(text, sizeof text, "ok");
    for (int i = 0; i < n && used < sizeof text - 24; i++) {
        used += (size_t)snprintf(text + used, sizeof text - used, " %llu", (unsigned long long)values[i]);
    }
    reply(c, "%s", text);
}

static void run(struct client *c, char *line) {
    char *command = strtok(line, " \t\r");
    char *argument = strtok(0, " \t\r");
    double value;
    int flag;
    if (!command) {
        reply(c, "error: empty command; try help");
    } else if (strcmp(command, "help") == 0) {
        reply(c, "%s", HELP);
    } else if (strcmp(command, "time") == 0) {
        reply(c, "ok %llu", (unsigned long long)sim_us());
    } else if (strcmp(command, "state") == 0) {
        state(c);
    } else if (strcmp(command, "estop-latency") == 0) {
        latencies(c);
    } else if (strcmp(command, "stall") == 0 && on_off(argument, &flag)) {
        world.stalled = flag;
        reply(c, "ok stall %s", argument);
    } else if (strcmp(command, "stuck-relay") == 0 && number(argument, 0, 1000, &value)) {
        world.stuck_relay_steps = (int)value;
        reply(c, "ok stuck-relay %d", world.stuck_relay_steps);
    } else if (strcmp(command, "heater-runaway") == 0 && on_off(argument, &flag)) {
        world.heater_runaway = flag;
        reply(c, "ok heater-runaway %s", argument);
    } else if (strcmp(command, "thermistor") == 0 && argument
               && (!strcmp(argument, "ok") || !strcmp(argument, "open") || !strcmp(argument, "short"))) {
        world.thermistor = !strcmp(argument, "ok") ? 0 : !strcmp(argument, "open") ? 1 : 2;
        reply(c, "ok thermistor %s", argument);
    } else if (strcmp(command, "pad") == 0 && number(argument, -30, 120, &value)) {
        world.pad_celsius = value;
        reply(c, "ok pad %.2f", value);
    } else if (strcmp(command, "occupied") == 0 && on_off(argument, &flag)) {
        world.occupied = flag;
        world_set_inputs();
        reply(c, "ok occupied %s", argument);
    } else if (strcmp(command, "estop") == 0 && argument && (!strcmp(argument, "open") || !strcmp(argument, "closed"))) {
        world.estop_open = !strcmp(argument, "open");
        world_set_inputs();
        reply(c, "ok estop %s", argument);
    } else if (strcmp(command, "reset") == 0) {
        avr_reset(avr);
        avr->data[REG_MCUSR] |= MCUSR_EXTRF; /* the reset pin */
        reply(c, "ok reset");
    } else if (strcmp(command, "hang") == 0) {
        world_hang();
        reply(c, "ok hang");
    } else if (strcmp(command, "silent") == 0 && on_off(argument, &flag)) {
        line_faults.silent = flag;
        reply(c, "ok silent %s", argument);
    } else if (strcmp(command, "ber") == 0 && number(argument, 0, 1, &value)) {
        line_faults.ber = value;
        reply(c, "ok ber %g", value);
    } else if (strcmp(command, "corrupt") == 0 && number(argument, 0, 1, &value)) {
        line_faults.corrupt = value;
        reply(c, "ok corrupt %g", value);
    } else if (strcmp(command, "noise") == 0 && number(argument, 1, 4096, &value)) {
        line_noise((int)value);
        reply(c, "ok noise %d", (int)value);
    } else if (strcmp(command, "clear") == 0) {
        memset(&line_faults, 0, sizeof line_faults);
        reply(c, "ok clear");
    } else if (strcmp(command, "peek") == 0 && argument) { /* peek ADDRESS (data space, hex): 8 bytes */
        unsigned long address = strtoul(argument, 0, 16) & 0xFFFF;
        if (address + 8 > (unsigned long)avr->ramend + 1) {
            reply(c, "error: peek %s: beyond RAMEND", argument);
        } else {
            const uint8_t *b = avr->data + address;
            reply(c, "ok %02x %02x %02x %02x %02x %02x %02x %02x", b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7]);
        }
    } else if (strcmp(command, "quit") == 0) {
        quit_requested = 1;
        reply(c, "ok quit");
    } else {
        reply(c, "error: cannot do '%s%s%s'; try help", command, argument ? " " : "", argument ? argument : "");
    }
}

static void read_client(struct client *c) {
    char buffer[512];
    ssize_t n = read(c->fd, buffer, sizeof buffer);
    if (n <= 0) {
        close(c->fd);
        c->fd = -1;
        return;
    }
    for (ssize_t i = 0; i < n; i++) {
        if (buffer[i] == '\n') {
            c->line[c->length] = 0;
            run(c, c->line);
            c->length = 0;
        } else if (c->length < sizeof c->line - 1) {
            c->line[c->length++] = buffer[i];
        }
    }
}

void control_poll(int timeout_ms) {
    struct pollfd fds[MAX_CLIENTS + 2];
    int n = 0;
    fds[n++] = (struct pollfd){listener, POLLIN, 0};
    fds[n++] = (struct pollfd){line_fd(), POLLIN, 0};
    for (int i = 0; i < MAX_CLIENTS; i++) {
        if (clients[i].fd >= 0) {
            fds[n++] = (struct pollfd){clients[i].fd, POLLIN, 0};
        }
    }
    if (poll(fds, (nfds_t)n, timeout_ms) <= 0) {
        return;
    }
    if (fds[0].revents & POLLIN) {
        int fd = accept(listener, 0, 0);
        for (int i = 0; i < MAX_CLIENTS && fd >= 0; i++) {
            if (clients[i].fd < 0) {
                clients[i].fd = fd;
                clients[i].length = 0;
                fd = -1;
            }
        }
        if (fd >= 0) {
            close(fd);
        }
    }
    for (int i = 0; i < MAX_CLIENTS; i++) {
        for (int k = 2; k < n; k++) {
            if (clients[i].fd >= 0 && fds[k].fd == clients[i].fd && (fds[k].revents & (POLLIN | POLLHUP))) {
                read_client(&clients[i]);
            }
        }
    }
}

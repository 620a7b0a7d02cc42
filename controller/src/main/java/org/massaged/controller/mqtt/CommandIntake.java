package org.massaged.controller.mqtt;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.massaged.controller.json.JsonCodec;
import org.massaged.controller.safety.Command;
import org.massaged.controller.safety.CommandResult;
import org.massaged.controller.safety.Controls;
import org.massaged.controller.safety.Limits;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One command off the wire, from its arrival to its answer: the wire checks in the order docs/mqtt.md lists
 * them ("Safety on the wire"), the plan, the hand-over to the control loop, and one answer on {@code response}
 * (plus a {@code command_rejected} event for each rejection). Confined to the bridge's thread; the control
 * loop's reply is handed back to that thread.
 */
final class CommandIntake {

    private static final Logger log = LoggerFactory.getLogger(CommandIntake.class);
    private static final int REMEMBERED_TRANSACTIONS = 256;

    private final Topics topics;
    private final int payloadLimitBytes;
    private final CommandParser parser;
    private final CommandPlanner planner;
    private final WireGate gate;
    private final Payloads payloads;
    private final StatePublisher state;
    private final Outbox outbox;
    private final CommandSink sink;
    private final Consumer<Runnable> onBridgeThread;
    private final Clock wallClock;
    private final LongSupplier nanos;
    private final LinkedHashSet<String> transactions = new LinkedHashSet<>();

    /**
     * What is known of one command while it is being checked: enough to answer it at every step.
     *
     * @param transaction null until the payload was read (it is looked for only if an answer is sent)
     */
    private record Request(Incoming message, Optional<String> transaction, String asked, Optional<String> replyTo,
                           Throttle.Budget budget) {
        /** Read: what was asked is known, and its answer comes from the budget for that. */
        Request read(Optional<String> newTransaction, String newAsked, boolean get) {
            Throttle.Budget answers = newAsked.equals("stop") || newAsked.equals("emergency_stop")
                    ? Throttle.Budget.STOP_ANSWER : get ? Throttle.Budget.OTHER_ANSWER : Throttle.Budget.COMMAND_ANSWER;
            return new Request(message, newTransaction, newAsked, replyTo, answers);
        }
    }

    CommandIntake(MqttSettings settings, Limits limits, Topics topics, Payloads payloads, StatePublisher state,
                  Outbox outbox, CommandSink sink, Consumer<Runnable> onBridgeThread, Clock wallClock,
                  LongSupplier nanos) {
        this.topics = topics;
        this.parser = new CommandParser(limits);
        this.payloadLimitBytes = settings.payloadLimitBytes();
        this.planner = new CommandPlanner();
        this.gate = new WireGate(settings.payloadLimitBytes(), settings.commandMaxAge(), settings.startMaxAge(),
                topics.responsePrefix());
        this.payloads = payloads;
        this.state = state;
        this.outbox = outbox;
        this.sink = sink;
        this.onBridgeThread = onBridgeThread;
        this.wallClock = wallClock;
        this.nanos = nanos;
    }

    /** Commands that only ever reduce what the massager does: safe to act on however late they come. */
    static boolean lowersOrStops(Command command) {
        return command instanceof Command.Stop || command instanceof Command.EmergencyStop
                || command instanceof Command.TooMuch || command instanceof Command.Pause;
    }

    /** Commands that set the massager moving: they must prove they were sent just now. */
    static boolean setsMoving(Command command) {
        return command instanceof Command.Start || command instanceof Command.Resume;
    }

    /** A message on {@code set}, {@code set/<field>} or {@code get}; every one is answered (or throttled). */
    void accept(Incoming message, boolean heldByBroker) {
        Request request = new Request(message, null, askedOf(message),
                gate.responseTopic(message.responseTopic()).isEmpty()
                ? message.responseTopic() : Optional.empty(), Throttle.Budget.OTHER_ANSWER);
        try {
            check(request, heldByBroker);
        } catch (RuntimeException bug) {
            if (outbox.mayLogRejection()) {
                log.error("mqtt: failed to handle a message on {}", message.topic(), bug);
            }
            reject(request, WireRejection.of("unreadable", "massaged could not read this command ("
                    + bug.getClass().getSimpleName() + "); nothing was done"));
        }
    }

    private void check(Request request, boolean heldByBroker) {
        Incoming message = request.message();
        Optional<WireRejection> early = gate.beforeParsing(message, nanos.getAsLong());
        if (early.isPresent()) {
            reject(request, early.get());
            return;
        }
        WireRequest parsed;
        try {
            parsed = parse(message);
        } catch (WireRejection.Thrown thrown) {
            reject(request, thrown.rejection);
            return;
        }
        Request known = request.read(parsed.transaction(), parsed.describe(), parsed.get());
        Optional<WireRejection> old = gate.tooOld(parsed.issuedAt(), wallClock.instant());
        if (old.isPresent()) {
            reject(known, old.get());
            return;
        }
        if (parsed.transaction().isPresent() && !remember(parsed.transaction().get())) {
            reject(known, WireRejection.field("duplicate-transaction", "transaction", "transaction '"
                    + parsed.transaction().get() + "' was already received; it is not executed twice"));
            return;
        }
        CommandPlanner.Plan plan = planner.plan(parsed);
        if (plan instanceof CommandPlanner.Plan.Reject rejected) {
            reject(known, rejected.rejection());
        } else if (plan instanceof CommandPlanner.Plan.ReportState) {
            state.requested();
            answerWithState(known);
        } else if (plan instanceof CommandPlanner.Plan.Submit submit) {
            Command command = submit.command();
            String asked = command instanceof Command.Batch ? parsed.describe() : Controls.nameOf(command);
            submit(known.read(known.transaction(), asked, false), parsed,
                    submit.command(), heldByBroker);
        }
    }

    private void submit(Request request, WireRequest parsed, Command command, boolean heldByBroker) {
        if (heldByBroker && !lowersOrStops(command)) {
            // S5/S7: sent while the daemon was away; whoever sent it may have given up long ago
            reject(request, WireRejection.of("held-while-offline", "the broker held this command while massaged "
                    + "was disconnected; only stop, emergency stop, too-much and pause act late: send it again"));
            return;
        }
        Optional<WireRejection> stale = setsMoving(command)
                ? gate.freshEnoughToMove(request.asked(), parsed.issuedAt(), wallClock.instant()) : Optional.empty();
        Optional<WireRejection> expired = stale.isPresent() ? stale : gate.expired(request.message(), nanos.getAsLong());
        if (expired.isPresent()) {
            reject(request, expired.get());
            return;
        }
        try {
            sink.submit(command, result -> onBridgeThread.accept(() -> answer(request, result, Optional.empty())));
        } catch (RuntimeException e) {
            log.warn("mqtt: the control loop refused {}: {}", request.asked(), e.toString());
            answer(request, CommandResult.rejected("unavailable", "the control loop cannot take commands now: "
                    + e.getMessage()), Optional.empty());
        }
    }

    private WireRequest parse(Incoming message) throws WireRejection.Thrown {
        if (message.topic().equals(topics.get())) {
            return parser.parseGet(message.payload(), message.userProperties());
        }
        if (message.topic().equals(topics.set())) {
            return parser.parseSetJson(message.payload(), message.userProperties());
        }
        return parser.parseSetField(message.topic().substring(topics.setPrefix().length()), message.payload(),
                message.userProperties());
    }

    private String askedOf(Incoming message) {
        if (message.topic().equals(topics.get())) {
            return "get";
        }
        return message.topic().startsWith(topics.setPrefix())
                ? "set/" + CommandParser.abbreviate(message.topic().substring(topics.setPrefix().length())) : "set";
    }

    /** Remembers a transaction id; false when it was seen already (a redelivery or a replay). */
    private boolean remember(String transaction) {
        if (!transactions.add(transaction)) {
            return false;
        }
        if (transactions.size() > REMEMBERED_TRANSACTIONS) {
            Iterator<String> oldest = transactions.iterator();
            oldest.next();
            oldest.remove();
        }
        return true;
    }

    /** Answered and announced, each within its budget: under a flood, most cost no more than a count. */
    private void reject(Request request, WireRejection rejection) {
        if (outbox.mayLogRejection()) {
            log.info("mqtt: rejected {} on {}: {} ({})", request.asked(), request.message().topic(),
                    rejection.reason(), rejection.message());
        }
        answer(request, CommandResult.rejected(rejection.reason(), rejection.message()), rejection.field());
        outbox.event("command_rejected", () -> {
            ObjectNode event = JsonCodec.object();
            event.put("event", "command_rejected");
            event.put("command", request.asked());
            event.put("by", "mqtt");
            event.put("topic", request.message().topic());
            event.put("reason", rejection.reason());
            event.put("message", rejection.message());
            rejection.field().ifPresent(field -> event.put("field", field));
            event.put("at", wallClock.instant().toString());
            return event;
        });
    }

    private void answer(Request request, CommandResult result, Optional<String> field) {
        outbox.answer(request.message(), request.replyTo(), request.budget(), result.reason(), () ->
                payloads.response(transaction(request), request.asked(), request.message().topic(), result, field));
    }

    private void answerWithState(Request request) {
        outbox.answer(request.message(), request.replyTo(), request.budget(), "ok", () -> {
            ObjectNode response = payloads.response(transaction(request), "get", request.message().topic(),
                    CommandResult.accepted("the current state"), Optional.empty());
            state.forAnswer().ifPresentOrElse(document -> response.set("state", document),
                    () -> response.putNull("state"));
            return response;
        });
    }

    /** The transaction to echo: read, or whatever can be found in a payload that could not be read. */
    private Optional<String> transaction(Request request) {
        if (request.transaction() != null) {
            return request.transaction();
        }
        Incoming message = request.message();
        return message.payload().length <= payloadLimitBytes
                ? parser.transactionOf(message.payload(), message.userProperties()) : Optional.empty();
    }
}

'use strict';
// The dashboard's page: the state document from /api/events, the controls from /api/controls, and every command
// posted to /api/command in the local socket's format (docs/dashboard.md). No second copy of names or ranges.
const $ = id => document.getElementById(id);
let controls = {};
let phase = '';
let active = false;

function text(id, value) { $(id).textContent = value; }
function clock(seconds) {
  const s = Math.max(0, Math.round(seconds));
  return Math.floor(s / 60) + ':' + String(s % 60).padStart(2, '0');
}
function list(id, entries, item) {
  const ul = $(id);
  ul.replaceChildren(...entries.map(([name, value]) => item(name, value)));
}

function show(state) {
  phase = state.phase;
  active = state.active;
  text('phase', state.phase + (state.cause ? ' (' + state.cause + ')' : ''));
  text('program', state.program || 'next: ' + state.next.program);
  text('step', state.step_count ? state.step + ' of ' + state.step_count + (state.technique ? ', ' + state.technique : '') : '–');
  text('remaining', state.active ? clock(state.remaining_s) : 'next: ' + state.next.duration + ' min');
  text('level', state.active ? state.target_level + ' (ceiling ' + state.ceiling + ')' : 'next: ' + state.next.level);
  text('heat', (state.heat_shown ? 'on' : 'off') + (state.heater_on ? ', heating' : ''));
  text('seat', state.occupied === null ? 'no sensor' : state.occupied ? 'occupied' : 'empty');
  text('today', state.sessions_today + (state.sessions_today === 1 ? ' session, ' : ' sessions, ') + state.minutes_today + ' min' +
    (state.rest_remaining_s > 0 ? ', rest ' + clock(state.rest_remaining_s) : ''));
  text('dose', state.dose_a8 === null ? 'not known for this device'
    : 'A(8) ' + state.dose_a8.toFixed(3) + ' m/s²' + (state.dose_limit === null ? '' : ' of ' + state.dose_limit.toFixed(3)));
  const last = state.last_session;
  text('last-session', last ? last.program + ', ' + last.minutes + ' min, ' + last.ended + ' (' + new Date(last.ended_at).toLocaleString() + ')' : 'none yet');
  const fault = $('fault');
  fault.hidden = !state.fault;
  fault.textContent = state.fault ? state.fault_code + ': ' + state.fault_message : '';
  const max = (controls.level && controls.level.max) || 10;
  list('zones', Object.entries(state.zones), (name, value) => {
    const li = document.createElement('li');
    const label = document.createElement('span');
    label.textContent = name;
    const meter = document.createElement('meter');
    meter.min = 0; meter.max = max; meter.value = value;
    meter.setAttribute('aria-label', name + ' level');
    const number = document.createElement('span');
    number.textContent = value.toFixed(1);
    number.className = 'zone-level';
    li.append(label, meter, number);
    return li;
  });
  const temperatures = Object.entries(state.temperatures);
  list('temperatures', temperatures.length ? temperatures : [['none', null]], (name, value) => {
    const li = document.createElement('li');
    li.textContent = value === null ? 'no sensor reports one' : name + ': ' + value.toFixed(1) + ' °C';
    return li;
  });
}

function answer(reply) {
  const out = $('answer');
  out.className = reply.result;
  out.textContent = reply.result + (reply.reason ? ' (' + reply.reason + ')' : '') + ': ' + reply.message;
}

async function send(command) {
  try {
    const response = await fetch('api/command', {
      method: 'POST', headers: {'Content-Type': 'application/json'}, body: JSON.stringify(command)
    });
    answer(await response.json());
  } catch (e) {
    answer({result: 'unknown', reason: 'no-connection', message: 'The daemon did not answer: ' + e.message});
  }
}

function number(input, control) {
  if (!control) return;
  input.min = control.min; input.max = control.max;
  input.title = control.description;
}

function build(list) {
  controls = Object.fromEntries(list.map(control => [control.name, control]));
  const program = $('start-program');
  for (const name of (controls.program ? controls.program.options : [])) program.add(new Option(name, name));
  number($('start-minutes'), controls.duration);
  number($('start-level'), controls.level);
  number($('level-input'), controls.level);
  $('start-heat-label').hidden = !controls.heat;
  const actions = $('actions');
  for (const control of list) {
    if (control.kind !== 'action' || control.name === 'start' || control.name === 'emergency_stop') continue;
    const button = document.createElement('button');
    button.type = 'button';
    button.id = 'action-' + control.name;
    button.textContent = control.label;
    button.title = control.description;
    button.addEventListener('click', () => send({command: control.name}));
    actions.append(button);
  }
}

function startCommand(form) {
  const command = {command: 'start'};
  if (form.program.value) command.program = form.program.value;
  if (form.minutes.value) command.minutes = Number(form.minutes.value);
  if (form.level.value) command.level = Number(form.level.value);
  if (controls.heat) command.heat = form.heat.checked;
  return command;
}

// Graphs are SVG drawn by the daemon's own plotter (the one `massaged programs show --plot` uses); the page only
// puts them into the document.
function graph(id, svg) {
  const parsed = new DOMParser().parseFromString(svg, 'image/svg+xml').documentElement;
  $(id).replaceChildren(document.importNode(parsed, true));
}

async function preview(form) {
  const query = new URLSearchParams();
  if (form.program.value) query.set('program', form.program.value);
  if (form.minutes.value) query.set('minutes', form.minutes.value);
  if (form.level.value) query.set('level', form.level.value);
  $('preview').hidden = false;
  text('preview-summary', 'Working out the session…');
  $('preview-graph').replaceChildren();
  try {
    const plan = await (await fetch('api/preview?' + query)).json();
    if (plan.result === 'rejected' || !plan.svg) {
      text('preview-summary', 'It would not start (' + plan.reason + '): ' + plan.message);
      return;
    }
    text('preview-summary', plan.program + ' at level ' + plan.level + ': ' + clock(plan.length_s) + ' until the outputs are off, ' +
      'peak level ' + plan.peak_level.toFixed(2) + (plan.result === 'adjusted' ? '. Adjusted: ' + plan.message : '.'));
    graph('preview-graph', plan.svg);
  } catch (e) {
    text('preview-summary', 'The daemon did not answer: ' + e.message);
  }
}

async function showSession(id) {
  text('history-summary', 'Loading session ' + id + '…');
  try {
    const response = await fetch('api/history/' + id);
    const body = await response.json();
    if (!response.ok) { text('history-summary', body.message); return; }
    text('history-summary', 'Session ' + id + ': ' + body.session.program + ', ' + body.samples + ' samples.');
    graph('history-graph', body.svg);
  } catch (e) {
    text('history-summary', 'The daemon did not answer: ' + e.message);
  }
}

function cell(row, value) {
  const td = document.createElement('td');
  td.textContent = value;
  row.append(td);
}

async function history() {
  try {
    const body = await (await fetch('api/history')).json();
    text('history-today', 'Today (the last 24 hours): ' + body.today.sessions + (body.today.sessions === 1 ? ' session, ' : ' sessions, ') +
      clock(body.today.ran_s) + ' run. ' + body.kept + ' kept.');
    $('history-rows').replaceChildren(...body.sessions.map(s => {
      const row = document.createElement('tr');
      row.dataset.session = s.id;
      cell(row, new Date(s.started_at).toLocaleString());
      cell(row, s.program);
      cell(row, clock(s.ran_s));
      cell(row, s.start_level + '/' + s.max_level + '/' + s.end_level);
      cell(row, s.heat ? 'on' : 'off');
      cell(row, s.ended_by || (s === body.sessions[0] && active ? 'in progress' : 'unrecorded'));
      cell(row, s.exposure == null ? 'unknown' : s.exposure.toFixed(1));
      const button = document.createElement('button');
      button.type = 'button';
      button.className = 'secondary';
      button.textContent = 'Graph';
      button.setAttribute('aria-label', 'Graph of session ' + s.id);
      button.addEventListener('click', () => showSession(s.id));
      const td = document.createElement('td');
      td.append(button);
      row.append(td);
      return row;
    }));
  } catch (e) {
    text('history-today', 'The history cannot be read: ' + e.message);
  }
}

// The history's writer records a session's end just after the engine ends it: read the list again a moment later.
let historyTimer = 0;
function historySoon() {
  clearTimeout(historyTimer);
  historyTimer = setTimeout(history, 500);
}

function listen() {
  const events = new EventSource('api/events');
  events.addEventListener('open', () => text('link', 'live'));
  events.addEventListener('error', () => text('link', 'reconnecting…'));
  events.addEventListener('state', e => show(JSON.parse(e.data)));
  events.addEventListener('event', e => {
    if (['completed', 'stopped', 'phase_changed'].includes(JSON.parse(e.data).event)) historySoon();
  });
  events.addEventListener('link', e => {
    const link = JSON.parse(e.data);
    text('link', link.state === 'online' ? 'live' : 'massager offline: ' + link.detail);
  });
}

document.addEventListener('DOMContentLoaded', async () => {
  $('emergency-stop').addEventListener('click', () => send({command: 'emergency_stop'}));
  $('start').addEventListener('submit', e => { e.preventDefault(); send(startCommand(e.target)); });
  $('preview-button').addEventListener('click', () => preview($('start')));
  $('set-level').addEventListener('submit', e => {
    e.preventDefault();
    send({command: 'level', level: Number(e.target.level.value)});
  });
  try {
    build((await (await fetch('api/controls')).json()).controls);
  } catch (e) {
    answer({result: 'unknown', reason: 'no-connection', message: 'Cannot read the controls: ' + e.message});
  }
  listen();
  history();
});

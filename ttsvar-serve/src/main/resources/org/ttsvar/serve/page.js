// The live page of ttsvar serve: sends the form as a streaming generation request and draws each
// scale's column of the search tree as the server reports it (the server draws the columns as
// search.html does). window.ttsvarLog records what arrived, for people and for the browser test.
'use strict';
const $ = (id) => document.getElementById(id);
window.ttsvarLog = [];

async function loadModel() {
  const m = (await (await fetch('/v1/models')).json()).data[0];
  $('model').textContent = m.id + ' — ' + m.ttsvar.description;
  $('grammar').textContent = m.ttsvar.prompt_help;
  $('prompt').placeholder = m.ttsvar.prompt_example;
  for (const s of m.ttsvar.strategies) {
    const o = document.createElement('option');
    o.value = s.id;
    o.textContent = s.id + ' (N = ' + s.default_budget + ')';
    $('strategy').appendChild(o);
  }
  $('strategy').value = 'ttsvar';
}

function request() {
  const body = {prompt: $('prompt').value.trim() || $('prompt').placeholder, strategy: $('strategy').value, stream: true};
  if ($('budget').value !== '') body.budget = Number($('budget').value);
  if ($('seed').value !== '') body.seed = Number($('seed').value);
  return body;
}

function link(href, text) {
  const a = document.createElement('a');
  a.href = href;
  a.textContent = text;
  a.target = '_blank';
  return a;
}

const handlers = {
  start(d) {
    $('tree').innerHTML = d.svg;
    $('status').textContent = d.waiting > 0 ? 'queued behind ' + d.waiting + ' search(es)…' : 'searching…';
    window.ttsvarLog.push({event: 'start', scales: d.scales, at: performance.now()});
  },
  scale(d) {
    $('tree').querySelector('svg').insertAdjacentHTML('beforeend', d.column);
    $('status').textContent = 'scale ' + (d.scale + 1) + ' done: batch ' + d.batch + ', ' + d.decision;
    window.ttsvarLog.push({event: 'scale', scale: d.scale, columns: $('tree').querySelectorAll('svg > text').length / 2, at: performance.now()});
  },
  done(d) {
    $('tree').innerHTML = d.tree;
    const t = d.ttsvar;
    const r = $('result');
    r.innerHTML = '<h3>Chosen image</h3>';
    const img = document.createElement('img');
    img.className = 'best';
    img.id = 'best';
    img.src = 'data:image/png;base64,' + d.data[0].b64_json;
    r.appendChild(img);
    const p = document.createElement('p');
    p.append(t.strategy + ', N = ' + t.budget + ', seed ' + t.seed + (t.rewards[0] === null ? '' : ', reward ' + t.rewards[0].toFixed(3))
      + ', ' + t.seconds.toFixed(2) + ' s: ', link(t.links.trace, 'trace.json'), ' · ', link(t.links.page, 'search.html'), ' · survivors ');
    t.links.survivors.forEach((s, i) => p.append(link(s, '#' + i), ' '));
    r.appendChild(p);
    $('status').textContent = 'done';
    window.ttsvarLog.push({event: 'done', at: performance.now()});
  },
  error(d) {
    $('error').textContent = d.error.message;
    $('status').textContent = 'failed (' + d.status + ')';
    window.ttsvarLog.push({event: 'error', status: d.status, message: d.error.message});
  },
};

async function search(ev) {
  ev.preventDefault();
  $('error').textContent = '';
  $('result').innerHTML = '';
  $('tree').innerHTML = '';
  $('go').disabled = true;
  window.ttsvarLog = [{event: 'sent', at: performance.now()}];
  try {
    const res = await fetch('/v1/images/generations', {method: 'POST', headers: {'Content-Type': 'application/json'}, body: JSON.stringify(request())});
    if (!res.ok) { // refused before it started: bad input (400), queue full (429), shutting down (503)
      handlers.error(Object.assign(await res.json(), {status: res.status}));
      return;
    }
    const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
    let buffer = '';
    for (;;) {
      const {value, done} = await reader.read();
      if (done) break;
      buffer += value;
      let end;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        dispatch(buffer.slice(0, end));
        buffer = buffer.slice(end + 2);
      }
    }
  } catch (e) {
    handlers.error({status: 0, error: {message: 'the connection failed: ' + e}});
  } finally {
    $('go').disabled = false;
  }
}

/** One server-sent event: "event: NAME" and "data: JSON" lines; comment lines (":") are heartbeats. */
function dispatch(frame) {
  let name = 'message';
  let data = '';
  for (const line of frame.split('\n')) {
    if (line.startsWith('event: ')) name = line.slice(7);
    else if (line.startsWith('data: ')) data += line.slice(6);
  }
  if (data && handlers[name]) handlers[name](JSON.parse(data));
}

$('form').addEventListener('submit', search);
loadModel();

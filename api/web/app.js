// Tailor's interactive retrieval page. Plain JavaScript over the JSON API
// of "tailor serve": no build step, no framework and no outside requests
// except the product images. Every element is built with the DOM API and
// textContent, so no product data is ever parsed as HTML.

const MAX_K = 100;
const FOUND_LIMIT = 12;
const KINDS = ['category', 'texture', 'fabric', 'shape', 'part', 'style'];

// KEY_STORAGE names the sessionStorage entry with the API key that a
// server started with TAILOR_API_KEY needs for changes. It lasts as long
// as the browser tab.
const KEY_STORAGE = 'tailor.apiKey';

// Page state. A session is a chain of steps: each step is a starting
// product and the modification text searched from it. The last step is
// the current one.
const state = {
  chain: [],
  results: [],
  marks: new Map(), // product id to its rank change after an interaction
  selected: new Set(), // product ids ticked "I like this"
  filter: { category: '', require: [], exclude: [] },
  groups: [], // preference groups saved from this page
  added: [], // details added from this page: {id, kind, value}
  attributes: [], // every attribute in the graph: {kind, value, products}
  searchSeq: 0,
  pending: 0,
};

const $ = (selector) => document.querySelector(selector);

// ---------------------------------------------------------------------
// DOM helpers

// el creates an element with attributes and children. Keys starting with
// "on" add event listeners, "text" sets textContent and "dataset" sets
// data attributes. Strings among the children become text nodes.
function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);

  for (const [key, value] of Object.entries(attrs)) {
    if (value === false || value === null || value === undefined) {
      continue;
    }

    if (key === 'class') {
      node.className = value;
    } else if (key === 'text') {
      node.textContent = value;
    } else if (key === 'dataset') {
      Object.assign(node.dataset, value);
    } else if (key.startsWith('on')) {
      node.addEventListener(key.slice(2), value);
    } else {
      node.setAttribute(key, value === true ? '' : String(value));
    }
  }

  node.append(...children.filter((c) => c !== null && c !== undefined && c !== false));

  return node;
}

function attrText(a) {
  return `${a.value} (${a.kind})`;
}

function attrKey(a) {
  return `${a.kind}:${a.value}`;
}

// listText joins words as in English: "a", "a and b", "a, b and c".
function listText(items) {
  if (items.length <= 1) {
    return items.join('');
  }

  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

function plural(n, one, many) {
  return `${n} ${n === 1 ? one : many}`;
}

// parseAttribute reads "kind:value" as typed in an attribute field.
function parseAttribute(text, field) {
  const raw = text.trim();
  const colon = raw.indexOf(':');
  const kind = colon < 0 ? '' : raw.slice(0, colon).trim().toLowerCase();
  const value = colon < 0 ? '' : raw.slice(colon + 1).trim().toLowerCase();

  if (!kind || !value) {
    throw new PageError(`${field}: write the attribute as kind:value, such as texture:floral; got "${raw}".`);
  }

  return { kind, value };
}

// ---------------------------------------------------------------------
// Errors, status and the API

// PageError is an error caused by the shopper's input or by the server,
// shown in the error banner.
class PageError extends Error {
  constructor(message, { code = 'invalid_input', field = '', status = 0 } = {}) {
    super(message);
    this.name = 'PageError';
    this.code = code;
    this.field = field;
    this.status = status;
  }
}

function setBusy(delta) {
  state.pending += delta;
  document.body.dataset.busy = state.pending > 0 ? 'true' : 'false';
}

// api sends one JSON request and returns the decoded body. It throws a
// PageError with the server's message for a 4xx or 5xx status.
async function api(method, path, body) {
  const init = { method, headers: { Accept: 'application/json' } };
  const key = method === 'GET' ? '' : readKey();
  if (key) {
    init.headers['X-API-Key'] = key;
  }

  if (body !== undefined) {
    init.headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }

  setBusy(1);
  try {
    let resp;
    try {
      resp = await fetch(path, init);
    } catch (err) {
      throw new PageError(`The server did not respond to ${method} ${path} (${err.message}); check that "tailor serve" still runs.`, { code: 'network' });
    }

    const text = await resp.text();
    let data = null;
    if (text) {
      try {
        data = JSON.parse(text);
      } catch {
        throw new PageError(`The server sent a response that is not JSON to ${method} ${path} (status ${resp.status}).`, { code: 'invalid_response', status: resp.status });
      }
    }

    if (!resp.ok) {
      const detail = (data && data.error) || {};
      throw new PageError(detail.message || `${method} ${path} failed with status ${resp.status}.`, {
        code: detail.code || `http_${resp.status}`,
        field: detail.field || '',
        status: resp.status,
      });
    }

    return data;
  } finally {
    setBusy(-1);
  }
}

function readKey() {
  try {
    return sessionStorage.getItem(KEY_STORAGE) || '';
  } catch {
    return ''; // storage is off, as in some private windows
  }
}

// useKey stores the API key typed into the key form for this tab.
function useKey() {
  const key = $('#api-key').value.trim();
  if (!key) {
    throw new PageError('API key: type the key that the server was started with (TAILOR_API_KEY).', { field: 'key' });
  }

  try {
    sessionStorage.setItem(KEY_STORAGE, key);
  } catch {
    throw new PageError('The browser does not allow this page to keep the key; enable site storage and try again.', { code: 'storage' });
  }

  $('#api-key').value = '';
  $('#key-form').hidden = true;
  showStatus('The API key is set for this tab; repeat the change.');
}

function showStatus(message) {
  $('#status').textContent = message;
}

function showError(err) {
  const box = $('#error');
  const message = err instanceof PageError ? err.message : `The page failed: ${err && err.message ? err.message : err}`;

  showStatus('');
  box.replaceChildren(el('span', { text: message }), ' ', el('button', { type: 'button', class: 'link', onclick: clearError, text: 'Dismiss' }));
  box.hidden = false;
  box.dataset.code = err instanceof PageError ? err.code : 'page';

  if (err instanceof PageError && err.code === 'unauthorized') {
    $('#key-form').hidden = false;
    $('#api-key').focus();
  }
}

function clearError() {
  const box = $('#error');
  box.hidden = true;
  box.replaceChildren();
  delete box.dataset.code;
}

// action wraps an event handler. The wrapper stops the default form
// submission, clears the last error and shows any error the handler
// throws, so that no promise is left rejected.
function action(handler) {
  return async (event) => {
    if (event && event.type === 'submit') {
      event.preventDefault();
    }

    clearError();
    try {
      await handler(event);
    } catch (err) {
      showError(err);
    }
  };
}

// ---------------------------------------------------------------------
// Product images with a placeholder

// productFigure shows the product's image over a placeholder that names
// its category and attributes. The placeholder stays when the image
// cannot load, as offline or when the shop removed it.
function productFigure(product) {
  const categories = product.categories && product.categories.length ? product.categories.join(', ') : 'product';
  const attrs = (product.attributes || []).map((a) => a.value);

  const placeholder = el('span', { class: 'placeholder' },
    el('span', { class: 'placeholder-category', text: categories }),
    el('span', { class: 'placeholder-attributes', text: attrs.length ? attrs.slice(0, 8).join(' · ') : 'no attributes' }));

  const figure = el('span', { class: 'figure', dataset: { image: 'none' } }, placeholder);

  const url = product.image_url || '';
  if (!/^https?:\/\//i.test(url)) {
    return figure;
  }

  const img = el('img', { alt: `Photo of ${product.id}`, decoding: 'async', referrerpolicy: 'no-referrer' });
  figure.dataset.image = 'loading';
  img.addEventListener('load', () => {
    figure.dataset.image = 'loaded';
  });
  img.addEventListener('error', () => {
    figure.dataset.image = 'failed';
    img.remove();
  });
  img.src = url;
  figure.prepend(img);

  return figure;
}

// ---------------------------------------------------------------------
// Starting points

function startSession(product) {
  state.chain = [{ product, modification: '' }];
  state.results = [];
  state.marks = new Map();
  state.selected.clear();

  $('#modification').value = '';
  $('#found').hidden = true;
  $('#session').hidden = false;
  $('#results-section').hidden = false;
}

async function openByID() {
  const id = $('#product-id').value.trim();
  if (!id) {
    throw new PageError('Product id: type the id of a product, such as B00006M009, or find one by attributes below.', { field: 'id' });
  }

  let product;
  try {
    product = await api('GET', `/v1/products/${encodeURIComponent(id)}`);
  } catch (err) {
    if (err instanceof PageError && err.status === 404) {
      throw new PageError(`No product has the id "${id}"; check the id, or find a product by category and attribute below.`, { code: 'not_found', field: 'id', status: 404 });
    }

    throw err;
  }

  startSession(product);
  showStatus(`Started from ${product.id}.`);
  await search();
  $('#modification').focus();
}

function finderQuery() {
  const params = new URLSearchParams();
  const category = $('#find-category').value;
  if (category) {
    params.set('category', category);
  }

  const attribute = $('#find-attribute').value.trim();
  if (attribute) {
    const a = parseAttribute(attribute, 'Attribute');
    params.set('attribute', attrKey(a));
  }

  return params;
}

async function findProducts() {
  const params = finderQuery();
  params.set('limit', String(FOUND_LIMIT));

  const data = await api('GET', `/v1/products?${params}`);
  renderFound(data.products || []);
}

async function randomProduct() {
  const params = finderQuery();
  params.set('random', 'true');
  params.set('limit', '1');
  params.set('seed', String(Math.floor(Math.random() * 2 ** 31)));

  const data = await api('GET', `/v1/products?${params}`);
  const products = data.products || [];
  if (!products.length) {
    throw new PageError('No product matches this category and attribute; choose another one.', { code: 'no_match' });
  }

  startSession(products[0]);
  showStatus(`Started from the random product ${products[0].id}.`);
  await search();
  $('#modification').focus();
}

function renderFound(products) {
  const list = $('#found');
  list.replaceChildren();
  list.hidden = false;

  if (!products.length) {
    list.append(el('li', { class: 'empty', text: 'No product matches; try another category or attribute.' }));
    showStatus('No product matches.');
    return;
  }

  for (const p of products) {
    const summary = (p.attributes || []).slice(0, 5).map((a) => a.value).join(', ');
    list.append(el('li', {},
      el('button', { type: 'button', class: 'found-item', dataset: { id: p.id }, onclick: action(() => pickFound(p)) },
        el('strong', { text: p.id }), ' ',
        el('span', { class: 'muted', text: `${(p.categories || []).join(', ')}${summary ? ` · ${summary}` : ''}` }))));
  }

  showStatus(`${plural(products.length, 'product', 'products')} found; pick one to start from.`);
}

async function pickFound(product) {
  startSession(product);
  showStatus(`Started from ${product.id}.`);
  await search();
  $('#modification').focus();
}

// ---------------------------------------------------------------------
// The session chain

function currentStep() {
  return state.chain[state.chain.length - 1];
}

// chainTo makes a result the new starting product.
async function chainTo(product) {
  const step = currentStep();
  if (!step) {
    return;
  }

  state.chain.push({ product, modification: '' });
  state.selected.clear();
  $('#modification').value = '';

  showStatus(`Now starting from ${product.id}; step ${state.chain.length} of the session.`);
  await search();
  $('#modification').focus();
}

// stepBackTo returns to step index of the chain, with the modification
// that was searched from it.
async function stepBackTo(index) {
  if (index < 0 || index >= state.chain.length - 1) {
    return;
  }

  state.chain = state.chain.slice(0, index + 1);
  state.selected.clear();
  $('#modification').value = currentStep().modification;

  showStatus(`Back to ${currentStep().product.id}, step ${index + 1} of the session.`);
  await search();

  const back = $('#step-back');
  (back.disabled ? $('#modification') : back).focus();
}

function renderChain() {
  const list = $('#chain');
  list.replaceChildren();

  state.chain.forEach((step, i) => {
    const last = i === state.chain.length - 1;
    const label = last
      ? el('span', { class: 'chain-current', text: step.product.id })
      : el('button', { type: 'button', class: 'link', 'aria-label': `Go back to ${step.product.id}, step ${i + 1}`, onclick: action(() => stepBackTo(i)), text: step.product.id });

    const mod = step.modification ? el('span', { class: 'chain-mod', text: `“${step.modification}”` }) : null;
    list.append(el('li', { 'aria-current': last ? 'step' : false, dataset: { id: step.product.id } }, label, mod ? ' ' : null, mod));
  });

  $('#step-back').disabled = state.chain.length < 2;
}

// ---------------------------------------------------------------------
// The current product and its details

function renderCurrent() {
  const step = currentStep();
  const box = $('#current');
  if (!step) {
    box.replaceChildren();
    return;
  }

  const p = step.product;
  const items = (p.attributes || []).map((a) => {
    const mine = state.added.some((d) => d.id === p.id && d.kind === a.kind && d.value === a.value);
    return el('li', { dataset: { kind: a.kind, value: a.value } },
      attrText(a),
      mine ? el('span', { class: 'tag', text: 'added by you' }) : null,
      mine ? el('button', { type: 'button', class: 'link', 'aria-label': `Remove the detail ${attrText(a)}`, onclick: action(() => removeDetail(p.id, a)), text: 'Remove' }) : null);
  });

  box.replaceChildren(
    productFigure(p),
    el('div', { class: 'current-body' },
      el('h3', {}, 'Starting product ', el('span', { class: 'id', text: p.id })),
      el('p', { class: 'muted', text: (p.categories || []).join(', ') || 'no category' }),
      items.length ? el('ul', { class: 'attributes', 'aria-label': `Attributes of ${p.id}` }, ...items) : el('p', { class: 'muted', text: 'No attributes yet; add a detail below.' })));
}

async function addDetail() {
  const step = currentStep();
  const kind = $('#detail-kind').value.trim().toLowerCase();
  const value = $('#detail-value').value.trim().toLowerCase();

  if (!kind || !value) {
    throw new PageError('Add a detail: give both a kind (such as fabric) and a value (such as lace).', { field: kind ? 'value' : 'kind' });
  }

  const id = step.product.id;
  const data = await api('POST', `/v1/products/${encodeURIComponent(id)}/attributes`, { kind, value });
  if (data && data.product) {
    step.product = data.product;
  }

  if (!state.added.some((d) => d.id === id && d.kind === kind && d.value === value)) {
    state.added.push({ id, kind, value });
  }

  $('#detail-value').value = '';
  showStatus(`Added ${value} (${kind}) to ${id}.`);
  await search(`After adding ${value} (${kind}) to ${id}`);
}

async function removeDetail(id, a) {
  const params = new URLSearchParams({ kind: a.kind, value: a.value });
  const data = await api('DELETE', `/v1/products/${encodeURIComponent(id)}/attributes?${params}`);

  state.added = state.added.filter((d) => !(d.id === id && d.kind === a.kind && d.value === a.value));
  for (const step of state.chain) {
    if (step.product.id === id && data && data.product) {
      step.product = data.product;
    }
  }

  showStatus(`Removed ${attrText(a)} from ${id}.`);
  await search(`After removing ${attrText(a)} from ${id}`);
  $('#detail-kind').focus();
}

function updateValueOptions() {
  const kind = $('#detail-kind').value.trim().toLowerCase();
  const values = state.attributes.filter((a) => !kind || a.kind === kind);

  $('#value-options').replaceChildren(...values.slice(0, 500).map((a) => el('option', { value: a.value })));
}

// ---------------------------------------------------------------------
// Filters

function filterBody() {
  const f = state.filter;
  if (!f.category && !f.require.length && !f.exclude.length) {
    return undefined;
  }

  const out = {};
  if (f.category) {
    out.category = f.category;
  }

  if (f.require.length) {
    out.require = f.require;
  }

  if (f.exclude.length) {
    out.exclude = f.exclude;
  }

  return out;
}

async function addFilter() {
  const a = parseAttribute($('#filter-attribute').value, 'Filter attribute');
  const mode = $('#filter-mode').value === 'exclude' ? 'exclude' : 'require';
  const other = mode === 'require' ? 'exclude' : 'require';

  state.filter[other] = state.filter[other].filter((b) => attrKey(b) !== attrKey(a));
  if (!state.filter[mode].some((b) => attrKey(b) === attrKey(a))) {
    state.filter[mode].push(a);
  }

  $('#filter-attribute').value = '';
  renderFilters();
  await search(`After ${mode === 'require' ? 'requiring' : 'excluding'} ${attrText(a)}`);
}

async function removeFilter(mode, a) {
  state.filter[mode] = state.filter[mode].filter((b) => attrKey(b) !== attrKey(a));
  renderFilters();
  await search(`After removing the filter on ${attrText(a)}`);
  $('#filter-attribute').focus();
}

async function changeCategory() {
  state.filter.category = $('#filter-category').value;
  renderFilters();
  await search(state.filter.category ? `After limiting the results to ${state.filter.category}` : 'After allowing every category');
}

function renderFilters() {
  const list = $('#filter-list');
  const chips = [];

  for (const mode of ['require', 'exclude']) {
    for (const a of state.filter[mode]) {
      const verb = mode === 'require' ? 'must have' : 'must not have';
      chips.push(el('li', { class: `chip ${mode}`, dataset: { mode, kind: a.kind, value: a.value } },
        `${verb} ${attrText(a)} `,
        el('button', { type: 'button', class: 'link', 'aria-label': `Remove the filter ${verb} ${attrText(a)}`, onclick: action(() => removeFilter(mode, a)), text: 'Remove' })));
    }
  }

  list.replaceChildren(...chips);
  list.hidden = chips.length === 0;
}

// ---------------------------------------------------------------------
// Search and results

function readK() {
  const raw = $('#k').value.trim();
  const k = Number(raw);
  if (!Number.isInteger(k) || k < 1 || k > MAX_K) {
    throw new PageError(`Results: give a whole number from 1 to ${MAX_K}; got "${raw}".`, { field: 'k' });
  }

  return k;
}

// search runs the current step's search and renders it. With a reason,
// it also reports how the results changed since the last search, which
// is how the page shows the effect of an interaction.
async function search(reason) {
  const step = currentStep();
  if (!step) {
    throw new PageError('Pick a starting product first: open one by id, find one by attributes or take a random one.');
  }

  const modification = $('#modification').value.trim();
  const body = { candidate: step.product.id, modification, k: readK(), explain: true };
  const filter = filterBody();
  if (filter) {
    body.filter = filter;
  }

  const seq = ++state.searchSeq;

  $('#results').setAttribute('aria-busy', 'true');
  try {
    const resp = await api('POST', '/v1/search', body);
    if (seq !== state.searchSeq) {
      return; // a newer search has replaced this one
    }

    const previous = state.results;
    step.modification = modification;
    step.product = resp.candidate || step.product;
    state.results = resp.results || [];

    const change = reason ? compareResults(previous, state.results) : null;
    state.marks = change ? change.marks : new Map();

    renderAll(resp);
    renderChanges(reason, change);
  } finally {
    if (seq === state.searchSeq) {
      $('#results').setAttribute('aria-busy', 'false');
      document.body.dataset.searches = String(Number(document.body.dataset.searches || '0') + 1);
    }
  }
}

function renderAll(resp) {
  renderChain();
  renderCurrent();
  renderUnderstood(resp.understood, $('#modification').value.trim());
  renderResults();
  renderLikeBar();

  const version = resp.model_version ? `model version ${resp.model_version}` : 'the loaded model';
  $('#results-heading').textContent = `Results from ${version}`;
}

// compareResults returns, for every result now shown, how its rank
// moved, and a summary of the changes.
function compareResults(before, after) {
  const old = new Map(before.map((r, i) => [r.product.id, { rank: i, score: r.score }]));
  const summary = { added: 0, up: 0, down: 0, same: 0, rescored: 0, gone: 0 };
  const marks = new Map();

  after.forEach((r, i) => {
    const prev = old.get(r.product.id);
    if (!prev) {
      summary.added++;
      marks.set(r.product.id, { kind: 'new' });
      return;
    }

    const mark = { kind: 'same', by: 0, delta: r.score - prev.score };
    if (prev.rank > i) {
      mark.kind = 'up';
      mark.by = prev.rank - i;
      summary.up++;
    } else if (prev.rank < i) {
      mark.kind = 'down';
      mark.by = i - prev.rank;
      summary.down++;
    } else {
      summary.same++;
    }

    if (Math.abs(mark.delta) >= 0.0005) {
      summary.rescored++;
    }

    marks.set(r.product.id, mark);
  });

  const now = new Set(after.map((r) => r.product.id));
  summary.gone = before.filter((r) => !now.has(r.product.id)).length;

  return { summary, marks };
}

function renderChanges(reason, change) {
  const box = $('#changes');
  if (!reason || !change) {
    box.hidden = true;
    box.textContent = '';
    delete box.dataset.changed;
    return;
  }

  const s = change.summary;
  const parts = [];
  if (s.added) parts.push(`${plural(s.added, 'new result', 'new results')}`);
  if (s.gone) parts.push(`${plural(s.gone, 'result', 'results')} dropped out`);
  if (s.up) parts.push(`${s.up} moved up`);
  if (s.down) parts.push(`${s.down} moved down`);
  if (s.rescored) parts.push(`${plural(s.rescored, 'score', 'scores')} changed`);

  const changed = parts.length > 0;
  box.textContent = changed ? `${reason}: ${listText(parts)}.` : `${reason}: the results did not change.`;
  box.dataset.changed = changed ? 'true' : 'false';
  box.hidden = false;
}

function renderUnderstood(understood, modification) {
  const box = $('#understood');
  if (!modification) {
    box.textContent = 'No modification yet: these are the products most like the starting product. Type how the results should differ.';
    return;
  }

  const parts = [];
  const requested = (understood && understood.requested) || [];
  const removed = (understood && understood.removed) || [];
  if (requested.length) parts.push(`asks for ${listText(requested.map(attrText))}`);
  if (removed.length) parts.push(`asks to leave out ${listText(removed.map(attrText))}`);

  box.textContent = parts.length
    ? `Tailor read “${modification}” as: ${parts.join('; ')}.`
    : `Tailor found no attribute names in “${modification}”, so the ranking rests on the learned meaning of its words.`;
}

function renderResults() {
  const list = $('#results');
  list.replaceChildren();

  if (!state.results.length) {
    list.append(el('li', { class: 'empty', text: 'No product passes the filters; remove a filter or choose another category.' }));
    return;
  }

  state.results.forEach((r, i) => list.append(resultCard(r, i)));
}

function resultCard(result, index) {
  const p = result.product;
  const titleID = `result-${index}-title`;
  const likeID = `like-${index}`;

  const like = el('input', { type: 'checkbox', id: likeID, class: 'like', value: p.id });
  like.checked = state.selected.has(p.id);
  like.addEventListener('change', () => toggleLike(p.id, like.checked));

  // A click on the image is a mouse shortcut for "Start from this". The
  // button is the keyboard route, so the image takes no tab stop.
  const figure = productFigure(p);
  figure.addEventListener('click', action(() => chainTo(p)));

  return el('li', { class: 'card', 'aria-labelledby': titleID, dataset: { id: p.id, score: String(result.score) } },
    figure,
    el('div', { class: 'card-body' },
      el('h3', { id: titleID }, el('span', { class: 'rank', text: `#${index + 1}` }), ' ', el('span', { class: 'id', text: p.id }), markBadge(state.marks.get(p.id))),
      el('p', { class: 'score' }, `Score ${result.score.toFixed(3)}`, scoreDelta(state.marks.get(p.id))),
      explanation(result.explanation),
      el('div', { class: 'card-actions' },
        el('label', { for: likeID, class: 'like-label' }, like, ' I like this'),
        el('button', { type: 'button', class: 'chain-to', 'aria-label': `Start from ${p.id}`, onclick: action(() => chainTo(p)), text: 'Start from this' }))));
}

function markBadge(mark) {
  if (!mark) {
    return null;
  }

  switch (mark.kind) {
    case 'new':
      return el('span', { class: 'badge new', text: 'new' });
    case 'up':
      return el('span', { class: 'badge up', 'aria-label': `moved up ${plural(mark.by, 'place', 'places')}`, text: `▲ ${mark.by}` });
    case 'down':
      return el('span', { class: 'badge down', 'aria-label': `moved down ${plural(mark.by, 'place', 'places')}`, text: `▼ ${mark.by}` });
    default:
      return null;
  }
}

function scoreDelta(mark) {
  if (!mark || mark.kind === 'new' || Math.abs(mark.delta) < 0.0005) {
    return null;
  }

  const sign = mark.delta > 0 ? '+' : '−';
  return el('span', { class: 'delta', text: ` (${sign}${Math.abs(mark.delta).toFixed(3)})` });
}

// explanation turns the engine's explanation into plain sentences.
function explanation(ex) {
  const lines = [];
  if (!ex) {
    return el('p', { class: 'muted', text: 'No explanation was requested.' });
  }

  const line = (kind, text) => lines.push(el('li', { class: `reason ${kind}`, dataset: { reason: kind }, text }));

  if (ex.requested && ex.requested.length) line('requested', `Has what you asked for: ${listText(ex.requested.map(attrText))}.`);
  if (ex.missing && ex.missing.length) line('missing', `Lacks what you asked for: ${listText(ex.missing.map(attrText))}.`);
  if (ex.removed && ex.removed.length) line('removed', `Leaves out, as asked: ${listText(ex.removed.map(attrText))}.`);

  for (const pref of ex.preferences || []) {
    const others = pref.liked_with || (pref.product ? [pref.product] : []);
    const context = pref.context ? ` (“${pref.context}”)` : '';
    line('preference', others.length
      ? `You liked it together with ${listText(others)}${context}.`
      : `It is in your preference group ${pref.group}${context}.`);
  }

  if (ex.shared && ex.shared.length) line('shared', `Shares with the starting product: ${listText(ex.shared.map(attrText))}.`);
  if (ex.dropped && ex.dropped.length) line('dropped', `Drops from the starting product: ${listText(ex.dropped.map(attrText))}.`);

  if (ex.neighbours && ex.neighbours.length) {
    line('neighbours', `Closest other results: ${listText(ex.neighbours.map((n) => `${n.id} (${n.similarity.toFixed(2)})`))}.`);
  }

  if (!lines.length) {
    line('none', 'No attribute in common with the starting product or the request; ranked by learned similarity alone.');
  }

  return el('ul', { class: 'reasons' }, ...lines);
}

// ---------------------------------------------------------------------
// Preference groups ("I like these")

function toggleLike(id, on) {
  if (on) {
    state.selected.add(id);
  } else {
    state.selected.delete(id);
  }

  renderLikeBar();
}

function renderLikeBar() {
  const n = state.selected.size;
  const button = $('#save-like');

  button.disabled = n < 2;
  $('#like-count').textContent = n === 0
    ? 'Tick “I like this” on two or more results to save them as a preference group.'
    : n === 1
      ? '1 result selected; tick at least one more.'
      : `${n} results selected: ${listText([...state.selected])}.`;
}

async function saveLikes() {
  const products = [...state.selected];
  if (products.length < 2) {
    throw new PageError('I like these: tick “I like this” on at least two results first.', { field: 'products' });
  }

  const context = $('#like-context').value.trim();
  const group = await api('POST', '/v1/preferences', { products, context });

  state.groups.push(group);
  state.selected.clear();
  $('#like-context').value = '';
  renderGroups();

  showStatus(`Saved preference group ${group.id} with ${plural(products.length, 'product', 'products')}.`);
  await search(`After saving the preference group${context ? ` “${context}”` : ''}`);
}

async function deleteGroup(group) {
  await api('DELETE', `/v1/preferences/${encodeURIComponent(group.id)}`);

  state.groups = state.groups.filter((g) => g.id !== group.id);
  renderGroups();

  showStatus(`Removed preference group ${group.id}.`);
  await search(`After removing the preference group${group.context ? ` “${group.context}”` : ''}`);
  $('#like-context').focus();
}

function renderGroups() {
  const list = $('#group-list');
  list.replaceChildren(...state.groups.map((g) => el('li', { dataset: { id: g.id } },
    el('span', { text: `${g.context ? `“${g.context}”: ` : ''}${listText(g.products || [])} ` }),
    el('button', { type: 'button', class: 'link', 'aria-label': `Remove the preference group ${g.context || g.id}`, onclick: action(() => deleteGroup(g)), text: 'Remove' }))));

  $('#groups').hidden = state.groups.length === 0;
}

// ---------------------------------------------------------------------
// Start-up

async function loadModelStatus() {
  const line = $('#model');
  try {
    const data = await api('GET', '/readyz');
    line.textContent = `Model version ${data.model_version} is loaded.`;
    line.dataset.ready = 'true';
  } catch (err) {
    line.textContent = err.status === 503
      ? 'No trained model is loaded yet; run "tailor train", then reload this page.'
      : `The server's state is unknown: ${err.message}`;
    line.dataset.ready = 'false';
  }
}

async function loadCategories() {
  const data = await api('GET', '/v1/categories');
  const options = (data.categories || []).map((c) => el('option', { value: c.name, text: `${c.name} (${c.products})` }));

  $('#find-category').append(...options);
  $('#filter-category').append(...options.map((o) => o.cloneNode(true)));
}

async function loadAttributes() {
  const data = await api('GET', '/v1/attributes');
  state.attributes = data.attributes || [];

  $('#attribute-options').replaceChildren(...state.attributes.map((a) => el('option', { value: attrKey(a), label: `${plural(a.products, 'product', 'products')}` })));

  const kinds = [...new Set([...KINDS, ...state.attributes.map((a) => a.kind)])].sort();
  $('#kind-options').replaceChildren(...kinds.map((k) => el('option', { value: k })));
  updateValueOptions();
}

// loadLists fills the category and attribute choices. A failure leaves
// the choices empty and shows why, but every form still works with typed
// values.
async function loadLists() {
  const results = await Promise.allSettled([loadCategories(), loadAttributes()]);
  const failed = results.filter((r) => r.status === 'rejected');
  if (failed.length) {
    showError(new PageError(`Some choices could not be loaded, so type categories and attributes by hand: ${failed.map((r) => r.reason.message).join(' ')}`, { code: 'lists' }));
  }
}

function wire() {
  $('#by-id').addEventListener('submit', action(openByID));
  $('#by-attributes').addEventListener('submit', action(findProducts));
  $('#random').addEventListener('click', action(randomProduct));
  $('#step-back').addEventListener('click', action(() => stepBackTo(state.chain.length - 2)));
  $('#search-form').addEventListener('submit', action(() => search()));
  $('#add-detail').addEventListener('submit', action(addDetail));
  $('#detail-kind').addEventListener('change', updateValueOptions);
  $('#filter-form').addEventListener('submit', action(addFilter));
  $('#filter-category').addEventListener('change', action(changeCategory));
  $('#like-form').addEventListener('submit', action(saveLikes));
  $('#key-form').addEventListener('submit', action(useKey));
}

async function main() {
  wire();
  renderFilters();
  renderLikeBar();

  await Promise.all([loadModelStatus(), loadLists()]);
  document.body.dataset.ready = 'true';
}

main().catch(showError);

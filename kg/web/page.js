// The query page of `kg serve`: pick a bundled query or write one, run it, read the table.
// Everything the server sends is put on the page as text (textContent), never as markup.
"use strict";

const SHOWN_ROWS = 2000;
const PREFIXES = [
  ["dip:", "https://w3id.org/dipkg/ontology#"],
  ["dipr:", "https://w3id.org/dipkg/id/"],
  ["wd:", "http://www.wikidata.org/entity/"],
  ["wdt:", "http://www.wikidata.org/prop/direct/"],
  ["skos:", "http://www.w3.org/2004/02/skos/core#"],
  ["xsd:", "http://www.w3.org/2001/XMLSchema#"],
];
const RESULT_DOWNLOADS = [["CSV", "csv"], ["TSV", "tsv"], ["JSON", "json"], ["XML", "xml"]];
const GRAPH_DOWNLOADS = [["Turtle", "turtle"], ["N-Triples", "ntriples"], ["JSON-LD", "jsonld"]];

const page = {};
let examples = [];
let loaded = null; // the example whose text is in the editor, unedited

function element(tag, text, attributes) {
  const node = document.createElement(tag);
  if (text !== undefined) node.textContent = text;
  for (const [key, value] of Object.entries(attributes || {})) node.setAttribute(key, value);
  return node;
}

async function loadExamples() {
  const answer = await fetch("queries.json");
  examples = await answer.json();
  for (const example of examples) {
    page.examples.append(element("option", example.title, { value: example.name }));
  }
}

function choose() {
  const example = examples.find((e) => e.name === page.examples.value) || null;
  page.description.textContent = example ? example.description : "";
  if (example) page.editor.value = example.text;
  loaded = example;
  showParams();
}

function showParams() {
  page.params.replaceChildren();
  if (!loaded) return;
  for (const param of loaded.params) {
    const input = element("input", undefined, { name: param.name, title: param.doc, "data-type": param.type });
    input.value = param.default || (param.type === "actor" ? exampleQid(param.doc) : "");
    const label = element("label", param.name);
    label.append(input);
    page.params.append(label);
  }
}

function exampleQid(doc) {
  const found = /\bQ\d+\b/.exec(doc);
  return found ? found[0] : "";
}

function edited() {
  if (loaded && page.editor.value !== loaded.text) {
    loaded = null;
    page.examples.value = "";
    page.description.textContent = "Edited: runs as written.";
    page.params.replaceChildren();
  }
}

function request(format) {
  if (loaded) {
    const values = new URLSearchParams();
    for (const input of page.params.querySelectorAll("input")) values.append(input.name, input.value.trim());
    if (format) values.append("format", format);
    return { url: "queries/" + encodeURIComponent(loaded.name) + "?" + values, init: {} };
  }
  const values = new URLSearchParams({ query: page.editor.value });
  if (format) {
    values.append("format", format);
    return { url: "sparql?" + values, init: {} };
  }
  return { url: "sparql", init: { method: "POST", body: values } };
}

async function run() {
  page.run.disabled = true;
  page.error.hidden = true;
  page.status.textContent = "running…";
  page.downloads.replaceChildren();
  const started = performance.now();
  const { url, init } = request(null);
  init.headers = { Accept: "application/sparql-results+json, text/turtle;q=0.9" };
  try {
    const answer = await fetch(url, init);
    const body = await answer.text();
    const took = Math.round(performance.now() - started);
    if (!answer.ok) {
      fail(`${answer.status} ${answer.statusText}: ${body.trim()}`);
      return;
    }
    const graph = (answer.headers.get("Content-Type") || "").startsWith("text/turtle");
    graph ? showGraph(body) : showResults(JSON.parse(body));
    page.status.textContent += ` in ${took} ms`;
    offerDownloads(graph ? GRAPH_DOWNLOADS : RESULT_DOWNLOADS);
  } catch (error) {
    fail(`the server could not be reached: ${error.message}`);
  } finally {
    page.run.disabled = false;
  }
}

function fail(message) {
  page.status.textContent = "failed";
  page.error.textContent = message;
  page.error.hidden = false;
  page.results.replaceChildren();
}

function showResults(data) {
  if (data.boolean !== undefined) {
    page.results.replaceChildren(element("p", `Answer: ${data.boolean}`, { id: "boolean" }));
    page.status.textContent = "1 answer";
    return;
  }
  const columns = data.head.vars;
  const rows = data.results.bindings;
  const table = element("table", undefined, { id: "table" });
  const head = element("tr");
  for (const column of columns) head.append(element("th", column));
  const top = element("thead");
  top.append(head);
  const body = element("tbody");
  table.append(top, body);
  for (const row of rows.slice(0, SHOWN_ROWS)) {
    const line = element("tr");
    for (const column of columns) line.append(cell(row[column]));
    body.append(line);
  }
  const parts = [table];
  if (rows.length > SHOWN_ROWS) {
    parts.push(element("p", `The first ${SHOWN_ROWS} of ${rows.length} rows are shown; download them all below the editor.`, { class: "note" }));
  }
  page.results.replaceChildren(...parts);
  page.status.textContent = `${rows.length} row${rows.length === 1 ? "" : "s"}`;
}

function cell(term) {
  const node = element("td");
  if (!term) return node;
  if (term.type !== "uri") {
    node.textContent = term.value;
    if (term.value.length > 80) node.className = "long";
    if (term["xml:lang"]) node.title = `@${term["xml:lang"]}`;
    else if (term.datatype) node.title = term.datatype;
    return node;
  }
  const short = shorten(term.value);
  const entity = /^(?:http:\/\/www\.wikidata\.org\/entity\/|https:\/\/w3id\.org\/dipkg\/id\/actor\/)(Q\d+)$/.exec(term.value);
  if (entity) {
    const id = entity[1];
    node.append(element("a", short, { href: `https://www.wikidata.org/wiki/${encodeURIComponent(id)}`, rel: "noreferrer", target: "_blank" }));
  } else {
    node.textContent = short;
  }
  node.title = term.value;
  return node;
}

function shorten(iri) {
  for (const [prefix, namespace] of PREFIXES) {
    if (iri.startsWith(namespace)) return prefix + iri.slice(namespace.length);
  }
  return iri;
}

function showGraph(turtle) {
  page.results.replaceChildren(element("pre", turtle, { id: "turtle" }));
  const triples = turtle.split("\n").filter((line) => /[.;,]\s*$/.test(line)).length;
  page.status.textContent = `about ${triples} triple${triples === 1 ? "" : "s"}`;
}

function offerDownloads(formats) {
  page.downloads.replaceChildren("Download: ");
  for (const [label, format] of formats) {
    page.downloads.append(element("a", label, { href: request(format).url, download: `answer.${format}` }));
  }
}

function keys(event) {
  if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
    event.preventDefault();
    run();
  } else if (event.key === "Tab" && !event.shiftKey) {
    event.preventDefault();
    page.editor.setRangeText("  ", page.editor.selectionStart, page.editor.selectionEnd, "end");
    edited();
  }
}

document.addEventListener("DOMContentLoaded", async () => {
  for (const id of ["examples", "description", "editor", "params", "run", "status", "downloads", "error", "results", "endpoint"]) {
    page[id] = document.getElementById(id);
  }
  page.endpoint.textContent = new URL("sparql", window.location.href).href;
  page.examples.addEventListener("change", choose);
  page.editor.addEventListener("input", edited);
  page.editor.addEventListener("keydown", keys);
  page.run.addEventListener("click", run);
  try {
    await loadExamples();
    document.body.dataset.ready = "yes";
  } catch (error) {
    fail(`the bundled queries could not be loaded: ${error.message}`);
  }
});

// memsnap's HTML report: the script of the page (see MemsnapHtml.pm).
//
// The data (the element #memsnap-data) holds the frames, stacks, keys,
// snapshots with their sites, and the timeline of one run.  From it the
// page draws four views, each re-drawn from `state' when it changes:
//   header    the command, process, options, exit summary and versions;
//   timeline  the heap (bytes or blocks) over the run's time, a marker per
//             snapshot; click selects a snapshot, Shift+click the base;
//   flame     an icicle graph of the selected snapshot (or of the diff
//             base -> selected) by traceback, outermost frame at the top;
//   tables    tracemalloc's statistics (or compare_to) of the selection by
//             the chosen key, in the exact text of memsnap_print;
//   growth    the keys that grew across the run's snapshots, ranked by
//             memsnap_print's model (data.growth), in the text of
//             memsnap_print --growth, with a sparkline each; click one to
//             compare its first and last snapshot.
// The flame graph and the tables count by the chosen *measure*
// (memsnap_print --measure): live (the blocks still allocated: a diff of
// two snapshots is their change), allocated (the blocks allocated since the
// start or the last clear: with a base, those allocated between the two)
// or temporary (those of them freed before any other allocation).  Files
// of format version 5 or later hold all three; older ones only live.
// The view (snapshot, base, measure, key, cumulative, filter) is kept in
// the address's fragment, so that a reload or a link shows it again.
// Terms: a "site" is (stack id, bytes, blocks) in a snapshot by a measure;
// a "key" is an index into data.keys[TYPE].labels, which lists the keys of
// a type in memsnap_print's key order (so a key's index is its rank).
"use strict";

(function () {
  const data = JSON.parse(document.getElementById("memsnap-data").textContent);
  const $ = (id) => document.getElementById(id);
  const has = (o, k) => Object.prototype.hasOwnProperty.call(o, k);
  const svgNS = "http://www.w3.org/2000/svg";
  const byId = new Map(data.snapshots.map((s) => [s.id, s]));

  // What each measure counts: the snapshot's sites by it (snap[sites]),
  // and for allocations, the heading's words, the snapshot's sums
  // (snap[sums]: [bytes, blocks]) and why a table is empty.
  const MEASURES = {
    live: { sites: "sites" },
    allocated: { sites: "allocated", title: "Allocations", sums: "alloc", nothing: "nothing was allocated" },
    temporary: { sites: "temporary", title: "Temporary allocations", sums: "temp",
                 nothing: "nothing was freed while temporary" },
  };
  // Allocations are known from format version 5 on.
  const hasChurn = data.format >= 5;

  // The sites' stack ids come as differences from the one before.  A
  // snapshot of a file with allocations has rows [stack, live bytes and
  // blocks, allocated bytes and blocks, temporary bytes and blocks]: the
  // sites of each measure are the rows with blocks by it.
  for (const snap of data.snapshots) {
    const r = snap.rows;
    if (r === undefined) {
      const s = snap.sites;
      for (let i = 3; s && i < s.length; i += 3) s[i] += s[i - 3];
      continue;
    }
    snap.sites = snap.allocated = snap.temporary = null;
    if (!r) continue;
    for (let i = 7; i < r.length; i += 7) r[i] += r[i - 7];
    for (const [name, col] of [["sites", 1], ["allocated", 3], ["temporary", 5]]) {
      const out = (snap[name] = []);
      for (let i = 0; i < r.length; i += 7) if (r[i + col + 1]) out.push(r[i], r[i + col], r[i + col + 1]);
    }
    delete snap.rows;
  }

  const state = {
    selected: null,     // id of the selected snapshot
    base: null,         // id of the base of a diff, or null
    key: data.initial.key,
    cumulative: data.initial.cumulative,
    measure: hasChurn ? data.initial.measure : "live",   // a key of MEASURES
    filter: "",         // GLOB[:LINE] of the tables, as --include
    limit: 50,          // entries shown (0: all)
    sort: null,         // null (tracemalloc's order) or {col, dir}
    tlMeasure: "bytes",
    fgMeasure: "bytes",
    zoom: [],           // path of frame ids from the root to the zoomed node
    search: "",
    growthKey: data.initial.key,
    growthLimit: 50,
  };

  //--------------------------------------------------------------------
  // Text: the numbers and lines of memsnap_print (tracemalloc's format)
  //--------------------------------------------------------------------

  // C's printf("%.Nf", x) for N = 0 or 1: toFixed rounds an exact tie
  // away from zero, C to even.  A tie is exact only when 2x (N = 0) or 4x
  // (N = 1) is an odd integer.
  function fixed(x, digits) {
    const q = Math.abs(x) * (digits ? 4 : 2);
    if (q % 2 !== 1) return x.toFixed(digits);
    let n = Math.floor(Math.abs(x) * (digits ? 10 : 1));
    if (n % 2) n++;
    let s = String(n);
    if (digits) {
      s = s.padStart(2, "0");
      s = s.slice(0, -1) + "." + s.slice(-1);
    }
    return (x < 0 ? "-" : "") + s;
  }

  // tracemalloc's _format_size(size, sign).
  function formatSize(size, sign) {
    const units = ["B", "KiB", "MiB", "GiB", "TiB"];
    for (const unit of units) {
      let s = null;
      if (Math.abs(size) < 100 && unit !== "B") s = fixed(size, 1);
      else if (Math.abs(size) < 10 * 1024 || unit === "TiB") s = fixed(size, 0);
      if (s !== null) return (sign && !s.startsWith("-") ? "+" : "") + s + " " + unit;
      size /= 1024;
    }
  }

  // str(Statistic) or, with diffs, str(StatisticDiff).
  function formatStatistic(label, size, count, sizeDiff, countDiff) {
    let s = label + ": size=" + formatSize(size, false);
    if (sizeDiff !== undefined) {
      s += " (" + formatSize(sizeDiff, true) + "), count=" + count
        + " (" + (countDiff >= 0 ? "+" : "") + countDiff + ")";
    } else {
      s += ", count=" + count;
    }
    if (count !== 0) s += ", average=" + formatSize(size / count, false);
    return s;
  }

  function commify(n) {
    return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  }

  // "1 block", "1,016 blocks" (memsnap_print's blocks_text).
  function blocksText(n) {
    return commify(n) + (n === 1 ? " block" : " blocks");
  }

  // The data's strings hold the file's bytes, one per character; shown
  // decoded as UTF-8 when they are valid UTF-8.
  const decoder = new TextDecoder("utf-8", { fatal: true });
  function show(s) {
    if (!/[\x80-\xff]/.test(s)) return s;
    try {
      return decoder.decode(Uint8Array.from(s, (c) => c.charCodeAt(0)));
    } catch (e) {
      return s;
    }
  }

  // Python's fnmatch.translate() of memsnap_print (fnmatch_regex): *, ?,
  // [seq] and [!seq] with ranges; an unclosed [ is a literal.
  function fnmatchRegex(pat) {
    let re = "";
    let i = 0;
    const n = pat.length;
    while (i < n) {
      const c = pat[i++];
      if (c === "*") {
        if (!(i >= 2 && pat[i - 2] === "*")) re += "[\\s\\S]*";
      } else if (c === "?") {
        re += "[\\s\\S]";
      } else if (c === "[") {
        let j = i;
        if (j < n && pat[j] === "!") j++;
        if (j < n && pat[j] === "]") j++;
        while (j < n && pat[j] !== "]") j++;
        if (j >= n) { re += "\\["; continue; }
        re += fnmatchClass(pat, i, j);
        i = j + 1;
      } else {
        re += c.replace(/[\\^$.*+?()[\]{}|\/-]/g, "\\$&");
      }
    }
    return new RegExp("^(?:" + re + ")$");
  }

  // The class of pat[i .. j-1] (see fnmatch_class in memsnap_print).
  function fnmatchClass(pat, i, j) {
    let chunks;
    const stuff = pat.slice(i, j);
    if (stuff.indexOf("-") < 0) {
      chunks = [stuff];
    } else {
      chunks = [];
      let k = pat[i] === "!" ? i + 2 : i + 1;
      for (;;) {
        k = pat.indexOf("-", k);
        if (k < 0 || k >= j) break;
        chunks.push(pat.slice(i, k));
        i = k + 1;
        k += 3;
      }
      const chunk = pat.slice(i, j);
      if (chunk !== "") chunks.push(chunk);
      else chunks[chunks.length - 1] += "-";
      for (let m = chunks.length - 1; m > 0; m--) {
        if (!(chunks[m - 1].slice(-1) > chunks[m].slice(0, 1))) continue;
        chunks[m - 1] = chunks[m - 1].slice(0, -1) + chunks[m].slice(1);
        chunks.splice(m, 1);
      }
    }
    const all = chunks.join("-");
    if (all === "") return "(?!)";
    if (all === "!") return "[\\s\\S]";
    const negate = chunks[0].startsWith("!");
    if (negate) chunks[0] = chunks[0].slice(1);
    const esc = (s) => Array.from(s, (c) => "\\u" + c.charCodeAt(0).toString(16).padStart(4, "0")).join("");
    return (negate ? "[^" : "[") + chunks.map(esc).join("-") + "]";
  }

  // A filter from "GLOB" or "GLOB:LINE" (memsnap_print's parse_filter:
  // the text after the last ':' outside brackets is the line, digits), or
  // null for ""; throws an Error saying why for any other line.
  function parseFilter(spec) {
    if (spec === "") return null;
    const m = /^([\s\S]*):([^\]]*)$/.exec(spec);
    if (!m) return { re: fnmatchRegex(spec), line: null };
    if (!/^[0-9]+$/.test(m[2])) throw new Error(spec + ": the line after ':' must be a number (write a ':' of a file name as [:])");
    return { re: fnmatchRegex(m[1]), line: Number(m[2]) };
  }

  //--------------------------------------------------------------------
  // Model: grouping and sorting the sites, as memsnap_print does
  //--------------------------------------------------------------------

  // The frame ids of stack `sid' from its attributed frame outward: the
  // frames its blocks are charged to (charged_frames).
  function chargedFrames(sid) {
    const stack = data.stacks[sid];
    return stack.slice(1 + stack[0]);
  }

  // The keys stack `sid' adds its bytes and blocks to (stack_keys).
  function stackKeys(type, cumulative, sid) {
    const of = data.keys[type].of;
    if (type === "traceback") return [of[sid]];
    const fids = chargedFrames(sid);
    if (cumulative) return fids.map((fid) => of[fid]);
    return [of[fids[0]]];
  }

  // Does filter `flt' (an --include filter) keep stack `sid'?
  function keeps(flt, sid) {
    if (!flt) return true;
    const stack = data.stacks[sid];
    const f = data.frames[stack[1 + stack[0]]];
    return flt.re.test(f[5]) && (flt.line === null || flt.line === f[6]);
  }

  // Groups the sites `s' (of a snapshot, by a measure) by key: Map key ->
  // {key, size, count, rep (the lowest stack id, whose frames a traceback
  // prints)}.
  function group(s, type, cumulative, flt) {
    const acc = new Map();
    for (let i = 0; i < s.length; i += 3) {
      const sid = s[i];
      if (!keeps(flt, sid)) continue;
      for (const k of stackKeys(type, cumulative, sid)) {
        let e = acc.get(k);
        if (!e) acc.set(k, (e = { key: k, size: 0, count: 0, rep: sid }));
        e.size += s[i + 1];
        e.count += s[i + 2];
        if (sid < e.rep) e.rep = sid;
      }
    }
    return acc;
  }

  // Snapshot.statistics() of sites `s': entries {key, size, count, rep}
  // by (size, count, key) descending.
  function statistics(s, type, cumulative, flt) {
    const e = Array.from(group(s, type, cumulative, flt).values());
    return e.sort((a, b) => b.size - a.size || b.count - a.count || b.key - a.key);
  }

  // new.compare_to(old) of the sites of two snapshots: entries {key,
  // size, sizeDiff, count, countDiff, rep} by (|size diff|, size, |count
  // diff|, count, key) descending.
  function compare(oldSites, sites, type, cumulative, flt) {
    const go = group(oldSites, type, cumulative, flt);
    const gn = group(sites, type, cumulative, flt);
    const out = [];
    for (const [k, n] of gn) {
      const o = go.get(k);
      const rep = o && o.rep < n.rep ? o.rep : n.rep;
      out.push({ key: k, size: n.size, count: n.count, rep: rep,
                 sizeDiff: n.size - (o ? o.size : 0), countDiff: n.count - (o ? o.count : 0) });
    }
    for (const [k, o] of go) {
      if (!gn.has(k)) out.push({ key: k, size: 0, count: 0, rep: o.rep, sizeDiff: -o.size, countDiff: -o.count });
    }
    return out.sort((a, b) => Math.abs(b.sizeDiff) - Math.abs(a.sizeDiff) || b.size - a.size
                      || Math.abs(b.countDiff) - Math.abs(a.countDiff) || b.count - a.count
                      || b.key - a.key);
  }

  // The allocations (by a measure) made between two snapshots, from their
  // sites by it: each stack's growth (churn_between).
  function between(oldSites, sites) {
    const before = new Map();
    for (let i = 0; i < oldSites.length; i += 3) before.set(oldSites[i], i);
    const out = [];
    for (let i = 0; i < sites.length; i += 3) {
      const j = before.get(sites[i]);
      const [b, n] = j === undefined ? [0, 0] : [oldSites[j + 1], oldSites[j + 2]];
      if (sites[i + 2] > n) out.push(sites[i], sites[i + 1] - b, sites[i + 2] - n);
    }
    return out;
  }

  // Why the allocations between `old' and `snap' are not known (a clear
  // between them, or `old' taken after `snap'), as memsnap_print says it;
  // or null.
  function notBetween(old, snap) {
    if (old.clears !== snap.clears) {
      return "clear_traces was called between " + snapName(old) + " and " + snapName(snap)
        + ": the allocations between them are not known";
    }
    if (old.time_b > snap.time_b || old.alloc[1] > snap.alloc[1] || old.temp[1] > snap.temp[1]) {
      return snapName(old) + " was taken after " + snapName(snap) + ": give the older snapshot first";
    }
    return null;
  }

  // The text of an entry: its line, and for a traceback its frames.
  function entryText(e, type) {
    const label = show(data.keys[type].labels[e.key]);
    let text = formatStatistic(label, e.size, e.count, e.sizeDiff, e.countDiff);
    if (type === "traceback") {
      const fids = chargedFrames(e.rep);
      fids.forEach((fid, i) => { text += "\n" + (i ? "    by " : "    at ") + show(data.frames[fid][4]); });
    }
    return text;
  }

  //--------------------------------------------------------------------
  // Header and notes
  //--------------------------------------------------------------------

  function renderHeader() {
    const sum = data.summary;
    const rows = [
      ["Command", show(data.command) || "(none)"],
      ["Process id", data.pid === null ? "?" : data.pid + (data.ppid === null ? "" : " (parent " + data.ppid + ")")],
      ["memsnap options", show(data.options) || "(none)"],
      ["File", show(data.path)],
    ];
    const summary = sum
      ? ["Total:", "At peak:", "At exit:"].map((l, i) =>
          l.padEnd(11) + commify(sum[2 * i]) + " bytes in " + commify(sum[2 * i + 1]) + " blocks").join("\n")
      : "The run did not finish: no exit summary.";
    const h = $("header");
    h.innerHTML = "<h1>memsnap report</h1>";
    const table = document.createElement("table");
    for (const [k, v] of rows) {
      const tr = table.insertRow();
      tr.insertCell().textContent = k;
      tr.insertCell().textContent = v;
    }
    h.appendChild(table);
    const pre = document.createElement("pre");
    pre.id = "summary";
    pre.textContent = summary;
    h.appendChild(pre);
    $("footer").textContent = "Written by memsnap_print " + data.version + " (memsnap " + data.version
      + "); all data of this page is in this file.";
    $("notes").textContent = "";
    for (const n of data.notes) {
      const p = document.createElement("p");
      p.className = "note";
      p.textContent = n;
      $("notes").appendChild(p);
    }
  }

  //--------------------------------------------------------------------
  // Snapshot selection
  //--------------------------------------------------------------------

  function snapName(s) {
    return "#" + s.id + " '" + show(s.name) + "'";
  }

  // Selects snapshot `id'; with `asBase', makes it the base of a diff.
  function select(id, asBase) {
    if (asBase) state.base = id === state.selected || id === state.base ? null : id;
    else {
      state.selected = id;
      if (state.base === id) state.base = null;
    }
    state.zoom = [];
    renderSelection();
  }

  function fillSelects() {
    const sel = $("sel-snapshot");
    const base = $("sel-base");
    for (const s of data.snapshots) {
      const text = snapName(s) + " (" + s.origin + ")" + (s.sites ? "" : " [not embedded]");
      sel.add(new Option(text, s.id));
      base.add(new Option(text, s.id));
    }
    sel.addEventListener("change", () => select(Number(sel.value), false));
    base.addEventListener("change", () => {
      state.base = base.value === "" ? null : Number(base.value);
      state.zoom = [];
      renderSelection();
    });
  }

  function initialSelection() {
    const init = data.initial;
    const embedded = data.snapshots.filter((s) => s.sites);
    const peak = embedded.filter((s) => s.origin === "peak").pop();
    state.selected = init.selected !== null ? init.selected
                   : peak ? peak.id : embedded.length ? embedded[embedded.length - 1].id : null;
    state.base = init.base;
  }

  // Re-draws everything that depends on the selection.
  function renderSelection() {
    $("sel-snapshot").value = state.selected === null ? "" : state.selected;
    $("sel-base").value = state.base === null ? "" : state.base;
    const s = byId.get(state.selected);
    const b = byId.get(state.base);
    let text = !s ? "no snapshot" : b ? "diff " + snapName(b) + " \u2192 " + snapName(s) : snapName(s);
    if (s) text += ": " + commify(s.bytes) + " bytes in " + blocksText(s.blocks);
    $("selection").textContent = text;
    renderMeasure();
    renderTimeline();
    renderFlame();
    renderTables();
  }

  // What the flame graph and the tables show: {snap, sites} (the selected
  // snapshot and its sites by the measure) and, for a diff of live blocks,
  // {base, baseSites}, for the allocations between two snapshots {old}
  // (and sites: those made between them); or {why} saying why nothing.
  function selection() {
    const s = byId.get(state.selected);
    const b = state.base === null ? null : byId.get(state.base);
    if (!s) return { why: "The file has no snapshots." };
    for (const x of [b, s]) {
      if (x && !x.sites) {
        return { why: "Snapshot " + snapName(x) + " is not embedded in this page (the run was thinned); "
                      + "memsnap_print --stats=#" + x.id + " " + show(data.path) + " prints it." };
      }
    }
    const m = MEASURES[state.measure];
    if (state.measure === "live") return { snap: s, sites: s.sites, base: b, baseSites: b && b.sites };
    if (!b) return { snap: s, sites: s[m.sites] };
    const why = notBetween(b, s);
    if (why) return { why };
    return { snap: s, old: b, sites: between(b[m.sites], s[m.sites]) };
  }

  // What the selection counts, as memsnap_print's heading names it
  // (request_what and churn_what): "Statistics of #2 'mid' by lineno",
  // "Changes from ... to ...", "Allocations until #2 'mid' (33,150 bytes
  // in 1,016 blocks since the start) by lineno", "... between ... and ...".
  function selectionWhat(sel, grouping) {
    if (state.measure === "live") {
      return sel.base ? "Changes from " + snapName(sel.base) + " to " + snapName(sel.snap) + " by " + grouping
                      : "Statistics of " + snapName(sel.snap) + " by " + grouping;
    }
    const m = MEASURES[state.measure];
    const [bytes, blocks] = [0, 1].map((i) => sel.snap[m.sums][i] - (sel.old ? sel.old[m.sums][i] : 0));
    const sum = commify(bytes) + " bytes in " + blocksText(blocks);
    if (sel.old) {
      return m.title + " between " + snapName(sel.old) + " and " + snapName(sel.snap) + " (" + sum + ") by " + grouping;
    }
    return m.title + " until " + snapName(sel.snap) + " (" + sum + " since the "
      + (sel.snap.clears ? "last clear" : "start") + ") by " + grouping;
  }

  // The title of the flame graph and the tables: what they count, of what.
  function selectionTitle(sel) {
    if (state.measure === "live") {
      return sel.base ? "of the diff " + snapName(sel.base) + " \u2192 " + snapName(sel.snap) : "of " + snapName(sel.snap);
    }
    const what = state.measure === "allocated" ? "allocations" : "temporary allocations";
    return sel.old ? "of the " + what + " between " + snapName(sel.old) + " and " + snapName(sel.snap)
                   : "of the " + what + " until " + snapName(sel.snap);
  }

  //--------------------------------------------------------------------
  // Timeline
  //--------------------------------------------------------------------

  const TIME_UNITS = {
    B: { units: [["B", 1], ["KiB", 1024], ["MiB", 1024], ["GiB", 1024], ["TiB", 1024]], words: "bytes allocated" },
    ms: { units: [["ms", 1], ["s", 1000], ["h", 3600]], words: "time" },
    i: { units: [["instr", 1], ["k instr", 1000], ["M instr", 1000], ["G instr", 1000], ["T instr", 1000]],
         words: "instructions executed" },
    n: { units: [["", 1]], words: "snapshot" },
  };
  const BYTE_UNITS = TIME_UNITS.B.units;

  // An axis label of v in the largest unit of `units' it reaches.
  function scaled(v, units) {
    let u = 0;
    while (u + 1 < units.length && Math.abs(v) >= units[u + 1][1]) v /= units[++u][1];
    return (u ? v.toFixed(v < 10 ? 2 : 1) : String(Math.round(v))) + (units[u][0] ? " " + units[u][0] : "");
  }

  // The curve and the snapshots' places: {unit, points [[t, bytes,
  // blocks]], marks [{snap, t, bytes, blocks, peak}]}.  Without a
  // timeline the x axis is the snapshot number.
  function timelineModel() {
    const tl = data.timeline;
    if (!tl) {
      return {
        unit: "n",
        points: data.snapshots.map((s, i) => [i + 1, s.bytes, s.blocks]),
        marks: data.snapshots.map((s, i) => ({ snap: s, t: i + 1, bytes: s.bytes, blocks: s.blocks })),
      };
    }
    const marks = [];
    const peakSnap = data.snapshots.filter((s) => s.origin === "peak").pop();
    for (const [t, bytes, blocks, mark] of tl.points) {
      if (mark === "peak") marks.push({ snap: peakSnap || null, t, bytes, blocks, peak: true });
      else if (mark !== "") {
        const s = byId.get(Number(mark.slice(1)));
        if (s && s.origin !== "peak") marks.push({ snap: s, t, bytes, blocks });
      }
    }
    return { unit: tl.unit, points: tl.points, marks };
  }

  function svg(tag, attrs, parent) {
    const e = document.createElementNS(svgNS, tag);
    for (const k in attrs) e.setAttribute(k, attrs[k]);
    if (parent) parent.appendChild(e);
    return e;
  }

  function renderTimeline() {
    const m = timelineModel();
    const box = $("timeline");
    box.textContent = "";
    if (!m.points.length) { box.textContent = "No snapshots and no timeline in the file."; return; }
    const W = Math.max(box.clientWidth || 900, 400), H = 240;
    const L = 80, R = 50, T = 20, B = 36;
    const col = state.tlMeasure === "bytes" ? 1 : 2;
    const t0 = data.timeline ? 0 : 1;
    const tEnd = Math.max(m.points[m.points.length - 1][0], t0 + 1);
    let top = 1;
    for (const p of m.points) top = Math.max(top, p[col]);
    const x = (t) => L + (t - t0) * (W - L - R) / (tEnd - t0);
    const y = (v) => H - B - v * (H - T - B) / top;
    const root = svg("svg", { width: W, height: H, viewBox: "0 0 " + W + " " + H, role: "img" }, box);
    drawAxes(root, m, { W, H, L, R, T, B, t0, tEnd, top, x, y });
    let d = "M" + x(m.points[0][0]) + "," + y(0);
    for (const p of m.points) d += "L" + x(p[0]).toFixed(1) + "," + y(p[col]).toFixed(1);
    d += "L" + x(m.points[m.points.length - 1][0]) + "," + y(0) + "Z";
    svg("path", { d, class: "tl-area" }, root);
    for (const mk of m.marks) drawMark(root, mk, x(mk.t), y(col === 1 ? mk.bytes : mk.blocks), H - B);
  }

  function drawAxes(root, m, g) {
    svg("line", { x1: g.L, y1: g.H - g.B, x2: g.W - g.R, y2: g.H - g.B, class: "axis" }, root);
    svg("line", { x1: g.L, y1: g.T, x2: g.L, y2: g.H - g.B, class: "axis" }, root);
    const yUnits = state.tlMeasure === "bytes" ? BYTE_UNITS : [["blocks", 1]];
    for (let i = 0; i <= 4; i++) {
      const v = g.top * i / 4;
      const t = svg("text", { x: g.L - 6, y: g.y(v) + 4, class: "tick", "text-anchor": "end" }, root);
      t.textContent = state.tlMeasure === "bytes" ? scaled(v, yUnits) : commify(Math.round(v));
      const tv = g.t0 + (g.tEnd - g.t0) * i / 4;
      const u = svg("text", { x: g.x(tv), y: g.H - g.B + 16, class: "tick", "text-anchor": "middle" }, root);
      u.textContent = m.unit === "n" ? "#" + Math.round(tv) : scaled(tv, TIME_UNITS[m.unit].units);
    }
    const cap = svg("text", { x: (g.L + g.W - g.R) / 2, y: g.H - 4, class: "caption", "text-anchor": "middle" }, root);
    cap.textContent = m.unit === "n" ? "snapshots (the file has no timeline)" : TIME_UNITS[m.unit].words;
  }

  // A snapshot's (or the peak's) marker: a line down to the axis and a
  // dot; click selects, Shift+click makes it the base.
  function drawMark(root, mk, px, py, bottom) {
    const s = mk.snap;
    const kind = mk.peak ? "peak" : s.origin === "client" || (s.origin === "monitor" && s.name !== "monitor-" + s.id)
      ? "named" : "other";
    const g = svg("g", { class: "mark " + kind }, root);
    if (s) {
      g.dataset.id = s.id;
      if (s.id === state.selected) g.classList.add("selected");
      if (s.id === state.base) g.classList.add("base");
    }
    svg("line", { x1: px, y1: py, x2: px, y2: bottom }, g);
    svg("circle", { cx: px, cy: py, r: mk.peak ? 6 : 5 }, g);
    const title = svg("title", {}, g);
    title.textContent = (mk.peak ? "the peak" + (s ? ", snapshot " + snapName(s) : " (no peak snapshot in the file)")
                                 : "snapshot " + snapName(s) + " (" + s.origin + ")")
      + ": " + commify(mk.bytes) + " bytes in " + blocksText(mk.blocks);
    if (s && s.alloc) {
      title.textContent += "; allocated since the " + (s.clears ? "last clear" : "start") + ": "
        + commify(s.alloc[0]) + " bytes in " + commify(s.alloc[1]) + " blocks, " + commify(s.temp[1]) + " of them temporary";
    }
    if (s) g.addEventListener("click", (ev) => select(s.id, ev.shiftKey));
  }

  //--------------------------------------------------------------------
  // Flame graph
  //--------------------------------------------------------------------

  // The tree of the selection by traceback, outermost frame first: nodes
  // {fid, v: [bytes, blocks] (new), o: [bytes, blocks] (old, for a diff),
  // kids: Map fid -> node}.
  function flameTree(sites, baseSites) {
    const root = { fid: 0, v: [0, 0], o: [0, 0], kids: new Map() };
    const add = (sites, slot) => {
      for (let i = 0; i < sites.length; i += 3) {
        const stack = data.stacks[sites[i]];
        let n = root;
        n[slot][0] += sites[i + 1];
        n[slot][1] += sites[i + 2];
        for (let j = stack.length - 1; j >= 1; j--) {
          let k = n.kids.get(stack[j]);
          if (!k) n.kids.set(stack[j], (k = { fid: stack[j], v: [0, 0], o: [0, 0], kids: new Map() }));
          n = k;
          n[slot][0] += sites[i + 1];
          n[slot][1] += sites[i + 2];
        }
      }
    };
    add(sites, "v");
    if (baseSites) add(baseSites, "o");
    return root;
  }

  // The width of node n: its value, or for a diff the larger side, and
  // never less than its children's.
  function weigh(n, m, diff) {
    let kids = 0;
    for (const k of n.kids.values()) kids += weigh(k, m, diff);
    n.w = Math.max(kids, diff ? Math.max(n.v[m], n.o[m]) : n.v[m]);
    return n.w;
  }

  // A bar's name: its function, or for a frame without one its label
  // without line information ("xz+0x54fb"), as in memsnap_print's keys.
  function frameLabel(fid) {
    if (fid === 0) return "all";
    return show(data.frames[fid][7]);
  }

  function frameWhere(fid) {
    const f = data.frames[fid];
    return f[2] > 0 ? show(f[1]) + ":" + f[2] : f[3] ? "in " + show(f[3]) : "";
  }

  let flameRoot = null;

  function renderFlame() {
    const box = $("flame");
    box.textContent = "";
    const sel = selection();
    if (!sel.snap) {
      const p = document.createElement("p");
      p.className = "why";
      p.textContent = sel.why;
      box.appendChild(p);
      box.style.height = "";
      $("flame-title").textContent = "";
      return;
    }
    const diff = !!sel.base;
    const m = state.fgMeasure === "bytes" ? 0 : 1;
    flameRoot = flameTree(sel.sites, sel.baseSites);
    weigh(flameRoot, m, diff);
    $("flame-title").textContent = selectionTitle(sel);
    // The zoomed node and its ancestors.
    const path = [flameRoot];
    for (const fid of state.zoom) {
      const k = path[path.length - 1].kids.get(fid);
      if (!k) break;
      path.push(k);
    }
    const W = Math.max(box.clientWidth || 900, 400);
    const ctx = { box, W, m, diff, maxDelta: diff ? maxDelta(flameRoot, m) : 0, depth: 0,
                  search: searchRegex(), matched: 0, total: flameRoot.w };
    path.forEach((n, d) => drawNode(ctx, n, d, 0, W, path.slice(1, d + 1).map((p) => p.fid), d < path.length - 1));
    layoutKids(ctx, path[path.length - 1], path.length - 1, 0, W, path.slice(1).map((p) => p.fid));
    box.style.height = (ctx.depth + 1) * 18 + "px";
    $("fg-match").textContent = ctx.search ? ctx.matched + " frames match" : "";
  }

  function maxDelta(n, m) {
    let d = Math.abs(n.v[m] - n.o[m]);
    for (const k of n.kids.values()) d = Math.max(d, maxDelta(k, m));
    return d;
  }

  function searchRegex() {
    if (state.search === "") return null;
    try { return new RegExp(state.search); } catch (e) { return null; }
  }

  // Lays out the children of n (drawn at depth d, from x0, w pixels wide).
  function layoutKids(ctx, n, d, x0, w, path) {
    if (n.w <= 0) return;
    const kids = Array.from(n.kids.values()).sort((a, b) => b.w - a.w);
    let x = x0;
    for (const k of kids) {
      const kw = w * k.w / n.w;
      if (kw >= 1) {
        const kpath = path.concat([k.fid]);
        drawNode(ctx, k, d + 1, x, kw, kpath, false);
        layoutKids(ctx, k, d + 1, x, kw, kpath);
      }
      x += kw;
    }
  }

  function drawNode(ctx, n, d, x, w, path, ancestor) {
    const e = document.createElement("div");
    e.className = "fg-node" + (ancestor ? " ancestor" : "");
    e.style.left = x + "px";
    e.style.top = d * 18 + "px";
    e.style.width = Math.max(w - 1, 1) + "px";
    e.textContent = w > 30 ? frameLabel(n.fid) : "";
    e.dataset.bytes = n.v[0];
    e.dataset.blocks = n.v[1];
    if (n.fid === 0) e.id = "fg-root";
    e.style.background = nodeColour(ctx, n);
    if (ctx.search && n.fid && (ctx.search.test(frameLabel(n.fid)) || ctx.search.test(frameWhere(n.fid)))) {
      e.classList.add("match");
      ctx.matched++;
    }
    e.addEventListener("mousemove", (ev) => showTip(ev, ctx, n));
    e.addEventListener("mouseleave", () => { $("fg-tip").hidden = true; });
    e.addEventListener("click", () => { state.zoom = path; renderFlame(); });
    ctx.box.appendChild(e);
    ctx.depth = Math.max(ctx.depth, d);
  }

  function nodeColour(ctx, n) {
    if (ctx.diff) {
      const delta = n.v[ctx.m] - n.o[ctx.m];
      const a = ctx.maxDelta ? Math.abs(delta) / ctx.maxDelta : 0;
      const light = Math.round(92 - 42 * a);
      return delta > 0 ? "hsl(0,85%," + light + "%)" : delta < 0 ? "hsl(220,85%," + light + "%)" : "hsl(0,0%,90%)";
    }
    let h = 0;
    for (const c of frameLabel(n.fid)) h = (h * 31 + c.charCodeAt(0)) >>> 0;
    return "hsl(" + (10 + h % 40) + ",80%," + (58 + (h >> 8) % 16) + "%)";
  }

  function showTip(ev, ctx, n) {
    const tip = $("fg-tip");
    const m = ctx.m;
    const share = (v) => (ctx.total ? (100 * v / flameRoot.v[m]).toFixed(1) : "0.0") + "%";
    let text = frameLabel(n.fid) + (n.fid ? "\n" + (frameWhere(n.fid) || "(no file or object)") : "");
    if (ctx.diff) {
      text += "\nbytes: " + commify(n.o[0]) + " \u2192 " + commify(n.v[0]) + " (" + signed(n.v[0] - n.o[0]) + ")"
            + "\nblocks: " + commify(n.o[1]) + " \u2192 " + commify(n.v[1]) + " (" + signed(n.v[1] - n.o[1]) + ")";
    } else {
      text += "\nbytes: " + commify(n.v[0]) + "\nblocks: " + commify(n.v[1])
            + "\nshare: " + share(n.v[m]) + " of the " + state.fgMeasure + " shown";
    }
    tip.textContent = text;
    tip.hidden = false;
    tip.style.left = ev.pageX + 12 + "px";
    tip.style.top = ev.pageY + 12 + "px";
  }

  function signed(v) {
    return (v >= 0 ? "+" : "-") + commify(Math.abs(v));
  }

  //--------------------------------------------------------------------
  // Tables
  //--------------------------------------------------------------------

  const SORTS = {
    size: (e) => e.size,
    count: (e) => e.count,
    sizeDiff: (e) => Math.abs(e.sizeDiff),
    countDiff: (e) => Math.abs(e.countDiff),
  };

  // Why a request has no entries (render_no_entries): its sites are all
  // filtered out, or there are none.
  function noEntries(siteLists, flt) {
    const out = new Set();
    for (const s of siteLists) {
      for (let i = 0; i < s.length; i += 3) if (!keeps(flt, s[i])) out.add(s[i]);
    }
    if (out.size) return "no entries (" + out.size + " site" + (out.size === 1 ? "" : "s") + " filtered out)";
    const m = MEASURES[state.measure];
    if (m.nothing) return "no entries (" + m.nothing + ")";
    return "no entries (the snapshot" + (siteLists.length > 1 ? "s are" : " is") + " empty)";
  }

  // A message in place of the table (and of its heading).
  function tableWhy(why) {
    $("st-heading").textContent = why;
    $("st-heading").className = "why";
    $("stats-title").textContent = "";
  }

  function renderTables() {
    saveView();
    const sel = selection();
    const table = $("stats");
    const head = table.tHead;
    const body = table.tBodies[0];
    head.textContent = "";
    body.textContent = "";
    $("st-key").value = state.key;
    $("st-cumulative").checked = state.cumulative;
    $("st-cumulative").disabled = state.key === "traceback";
    if (!sel.snap) return tableWhy(sel.why);
    const type = state.key;
    const cumulative = state.cumulative && type !== "traceback";
    let flt;
    try { flt = parseFilter(state.filter); } catch (e) { return tableWhy(e.message); }
    const entries = sel.base ? compare(sel.baseSites, sel.sites, type, cumulative, flt)
                             : statistics(sel.sites, type, cumulative, flt);
    if (state.sort) {
      const f = SORTS[state.sort.col];
      const dir = state.sort.dir;
      entries.sort((a, b) => dir * (f(b) - f(a)));    // stable: ties keep tracemalloc's order
    }
    const shown = state.limit ? entries.slice(0, state.limit) : entries;
    // memsnap_print's heading: "WHAT, N of M entries:" or "WHAT: no entries (why)".
    const what = selectionWhat(sel, type + (cumulative ? ",cumulative" : ""));
    $("st-heading").className = "";
    $("st-heading").textContent = entries.length
      ? what + ", " + shown.length + " of " + entries.length + " entr" + (entries.length === 1 ? "y" : "ies") + ":"
      : what + ": " + noEntries(sel.base ? [sel.baseSites, sel.sites] : [sel.sites], flt);
    $("stats-title").textContent = selectionTitle(sel);
    if (!entries.length) return;
    const cols = sel.base ? [["size", "size"], ["sizeDiff", "size diff"], ["count", "count"], ["countDiff", "count diff"]]
                          : [["size", "size"], ["count", "count"]];
    const hr = head.insertRow();
    for (const [col, name] of cols) {
      const th = document.createElement("th");
      th.textContent = name + (state.sort && state.sort.col === col ? (state.sort.dir > 0 ? " \u25bc" : " \u25b2") : "");
      th.className = "sortable num";
      th.title = "Sort by " + name + " (click again to reverse)";
      th.addEventListener("click", () => {
        state.sort = state.sort && state.sort.col === col ? { col, dir: -state.sort.dir } : { col, dir: 1 };
        renderTables();
      });
      hr.appendChild(th);
    }
    const th = document.createElement("th");
    const counted = state.measure === "live" ? (sel.base ? "compare_to" : "statistics")
                  : state.measure === "allocated" ? "allocations" : "temporary allocations";
    th.textContent = counted + " by " + type + (cumulative ? ", cumulative" : "")
                   + (state.sort ? " (click for tracemalloc's order)" : "");
    th.className = "sortable";
    th.addEventListener("click", () => { state.sort = null; renderTables(); });
    hr.appendChild(th);
    for (const e of shown) {
      const tr = body.insertRow();
      for (const [col] of cols) {
        const td = tr.insertCell();
        td.className = "num";
        td.textContent = col.endsWith("Diff") ? signed(e[col]) : commify(e[col]);
      }
      const td = tr.insertCell();
      td.className = "text";
      td.textContent = entryText(e, type);
    }
  }

  //--------------------------------------------------------------------
  // Growth
  //--------------------------------------------------------------------

  // The two lines of memsnap_print --growth for entry e ranked `rank'.
  function growthText(e, rank, n) {
    const [label, score, growth, grew, shrank, above, series, blocks] = e;
    return "#" + rank + ": " + show(label) + ": " + formatSize(growth, true) + " ("
      + formatSize(series[0], false) + " to " + formatSize(series[series.length - 1], false) + "), "
      + formatSize(growth / n, true) + " per interval, score " + score + "\n"
      + "    grew in " + grew + " of " + n + " intervals, shrank in " + shrank
      + "; above its start in " + above + " of " + n + "; count=" + blocks[1]
      + " (" + (blocks[1] >= blocks[0] ? "+" : "") + (blocks[1] - blocks[0]) + ")";
  }

  // An SVG sparkline of values: a line from the lowest to the highest,
  // a dot at the last.
  function sparkSvg(values) {
    const w = 160, h = 28, pad = 3;
    const lo = Math.min(...values), hi = Math.max(...values);
    const x = (i) => pad + (values.length > 1 ? i * (w - 2 * pad) / (values.length - 1) : 0);
    const y = (v) => h - pad - (hi === lo ? 0 : (v - lo) * (h - 2 * pad) / (hi - lo));
    const svg = document.createElementNS(svgNS, "svg");
    svg.setAttribute("width", w);
    svg.setAttribute("height", h);
    svg.setAttribute("class", "spark");
    const line = document.createElementNS(svgNS, "polyline");
    line.setAttribute("points", values.map((v, i) => x(i).toFixed(1) + "," + y(v).toFixed(1)).join(" "));
    svg.appendChild(line);
    const dot = document.createElementNS(svgNS, "circle");
    dot.setAttribute("cx", x(values.length - 1));
    dot.setAttribute("cy", y(values[values.length - 1]));
    dot.setAttribute("r", 2.5);
    svg.appendChild(dot);
    return svg;
  }

  function renderGrowth() {
    const g = data.growth;
    const table = $("growth");
    table.tHead.textContent = "";
    table.tBodies[0].textContent = "";
    $("gr-key").value = state.growthKey;
    if (g.why) { $("gr-count").textContent = g.why; return; }
    const first = byId.get(g.snaps[0]), last = byId.get(g.snaps[g.snaps.length - 1]);
    const auto = g.snaps.every((id) => byId.get(id).origin === "auto");
    $("growth-title").textContent = "by " + state.growthKey + " across " + g.snaps.length
      + (auto ? " periodic" : "") + " snapshots (" + snapName(first) + " to " + snapName(last) + ")";
    const k = g.keys[state.growthKey];
    const shown = state.growthLimit ? k.entries.slice(0, state.growthLimit) : k.entries;
    const hr = table.tHead.insertRow();
    for (const [name, num] of [["score", true], ["growth", true], ["per interval", true], ["trend", false],
                               ["key", false]]) {
      const th = document.createElement("th");
      th.textContent = name;
      if (num) th.className = "num";
      hr.appendChild(th);
    }
    shown.forEach((e, i) => {
      const tr = table.tBodies[0].insertRow();
      tr.title = "Compare " + snapName(first) + " \u2192 " + snapName(last);
      tr.addEventListener("click", () => {
        state.base = first.id;
        state.selected = last.id;
        state.key = state.growthKey;
        state.zoom = [];
        renderSelection();
        $("tables-view").scrollIntoView();
      });
      for (const v of [e[1], formatSize(e[2], true), formatSize(e[2] / g.n, true)]) {
        const td = tr.insertCell();
        td.className = "num";
        td.textContent = v;
      }
      tr.insertCell().appendChild(sparkSvg(e[6]));
      const td = tr.insertCell();
      td.className = "text";
      const frames = e[8].map((fid, j) => "    " + (j ? "by " : "at ") + show(data.frames[fid][4]));
      td.textContent = [growthText(e, i + 1, g.n), ...frames].join("\n");
    });
    const nGrew = k.entries.length;
    $("gr-count").textContent = shown.length + " of the " + (nGrew === 100 ? "first 100" : nGrew)
      + " keys that grew (" + k.n_keys + " keys in all)";
  }

  //--------------------------------------------------------------------
  // The measure: what the flame graph and the tables count
  //--------------------------------------------------------------------

  // The help beside the switch: what the chosen measure counts of the
  // selection, or why a file has live blocks only.
  const MEASURE_HELP = {
    live: ["the blocks still allocated at the snapshot", "the change in the blocks allocated, from the base to the snapshot"],
    allocated: ["every block allocated until the snapshot since the start (or the last clear), freed or not",
                "the blocks allocated between the base and the snapshot"],
    temporary: ["the allocations freed before any other allocation was made, until the snapshot",
                "those made between the base and the snapshot"],
  };

  function renderMeasure() {
    for (const input of document.querySelectorAll("#measure input")) {
      input.checked = input.value === state.measure;
      input.disabled = !hasChurn && input.value !== "live";
      input.parentNode.classList.toggle("checked", input.checked);
      input.parentNode.classList.toggle("disabled", input.disabled);
    }
    $("measure-help").textContent = !hasChurn
      ? "This file (format version " + data.format + ") holds the live blocks only: allocated and temporary "
        + "blocks are recorded in files of format 5 or later."
      : "Showing " + MEASURE_HELP[state.measure][state.base === null ? 0 : 1] + ".";
  }

  function setMeasure(m) {
    if (!has(MEASURES, m) || (!hasChurn && m !== "live") || m === state.measure) return;
    state.measure = m;
    state.zoom = [];
    renderMeasure();
    renderFlame();
    renderTables();
  }

  //--------------------------------------------------------------------
  // Controls
  //--------------------------------------------------------------------

  //--------------------------------------------------------------------
  // The view in the address: #snapshot=2&base=1&measure=allocated&key=...
  //--------------------------------------------------------------------

  // Writes the view (snapshot, base, measure, key, cumulative, filter) to
  // the address's fragment, without a history entry, so that a reload, a
  // bookmark or a link to the page shows the same view: at most every
  // VIEW_WRITE_MS, as browsers stop a page that changes its address
  // hundreds of times in a few seconds (typing in the filter box, a
  // script driving the controls).
  const VIEW_WRITE_MS = 200;
  let viewTimer = null;
  function saveView() {
    if (viewTimer === null) viewTimer = setTimeout(writeView, VIEW_WRITE_MS);
  }

  function writeView() {
    clearTimeout(viewTimer);
    viewTimer = null;
    const p = new URLSearchParams();
    if (state.selected !== null) p.set("snapshot", state.selected);
    if (state.base !== null) p.set("base", state.base);
    p.set("measure", state.measure);
    p.set("key", state.key);
    if (state.cumulative) p.set("cumulative", "1");
    if (state.filter !== "") p.set("filter", state.filter);
    const hash = "#" + p.toString();
    if (location.hash !== hash) history.replaceState(null, "", hash);
  }

  // Takes the view from the address's fragment; what names no snapshot,
  // measure or key of this page is left as it was.
  function loadView() {
    const p = new URLSearchParams(location.hash.slice(1));
    const snap = (name) => (byId.has(Number(p.get(name))) ? Number(p.get(name)) : null);
    if (snap("snapshot") !== null) {
      state.selected = snap("snapshot");
      state.base = snap("base") === state.selected ? null : snap("base");
    }
    const m = p.get("measure");
    if (has(MEASURES, m) && (hasChurn || m === "live")) state.measure = m;
    if (has(data.keys, p.get("key"))) state.key = p.get("key");
    if (p.has("cumulative")) state.cumulative = p.get("cumulative") === "1";
    if (p.has("filter")) state.filter = p.get("filter");
    $("st-filter").value = state.filter;
  }

  // Keys that choose the measure.
  const MEASURE_KEYS = { l: "live", a: "allocated", t: "temporary" };

  function wireControls() {
    $("tl-measure").addEventListener("change", (ev) => { state.tlMeasure = ev.target.value; renderTimeline(); });
    $("fg-measure").addEventListener("change", (ev) => { state.fgMeasure = ev.target.value; renderFlame(); });
    $("fg-search").addEventListener("input", (ev) => { state.search = ev.target.value; renderFlame(); });
    $("fg-reset").addEventListener("click", () => { state.zoom = []; renderFlame(); });
    $("st-key").addEventListener("change", (ev) => { state.key = ev.target.value; renderTables(); });
    $("st-cumulative").addEventListener("change", (ev) => { state.cumulative = ev.target.checked; renderTables(); });
    $("st-filter").addEventListener("input", (ev) => { state.filter = ev.target.value; renderTables(); });
    $("st-limit").addEventListener("change", (ev) => { state.limit = Number(ev.target.value); renderTables(); });
    $("gr-key").addEventListener("change", (ev) => { state.growthKey = ev.target.value; renderGrowth(); });
    $("gr-limit").addEventListener("change", (ev) => { state.growthLimit = Number(ev.target.value); renderGrowth(); });
    for (const input of document.querySelectorAll("#measure input")) {
      input.addEventListener("change", () => { if (input.checked) setMeasure(input.value); });
    }
    document.addEventListener("keydown", (ev) => {
      if (ev.target.tagName === "INPUT" || ev.target.tagName === "SELECT") return;
      if (ev.key === "Escape") { state.zoom = []; renderFlame(); }
      else if (ev.key === "/") { ev.preventDefault(); $("fg-search").focus(); }
      else if (!ev.ctrlKey && !ev.metaKey && !ev.altKey && has(MEASURE_KEYS, ev.key)) setMeasure(MEASURE_KEYS[ev.key]);
    });
    let resize = null;
    window.addEventListener("pagehide", () => { if (viewTimer !== null) writeView(); });
    window.addEventListener("hashchange", () => {
      loadView();
      state.zoom = [];
      renderSelection();
    });
    window.addEventListener("resize", () => {
      clearTimeout(resize);
      resize = setTimeout(() => { renderTimeline(); renderFlame(); }, 100);
    });
  }

  // For the tests (and the curious): the page's tracemalloc text.
  window.memsnap = { formatSize, formatStatistic, growthText };

  renderHeader();
  fillSelects();
  wireControls();
  initialSelection();
  loadView();
  renderSelection();
  renderGrowth();
  document.body.dataset.ready = "1";
  document.body.dataset.readyMs = performance.now().toFixed(0);
})();

// Calculators in the notes (issue 9): training compute (estimations/), KV cache (lcw/), pass@k
// (eval/pass-at-k/), MoE memory and FLOPs (moe/) and training memory per GPU
// (estimations/memory-and-inference/).
//
// Progressive enhancement. Each page carries a plain HTML form with data-calc="<name>" and default
// values; without JavaScript it shows a note instead of results. This script finds the forms,
// computes on every input event, writes the results into the form's aria-live region, marks
// invalid fields (aria-invalid, with the message in the element aria-describedby points to) and
// keeps the inputs in the query string as ?calc-<name>=field:value;field:value so that a result
// can be shared and a reload restores it. No framework, no eval, no network.
//
// The formulas mirror calc/training_compute.py, calc/kv_cache.py, calc/passk.py, calc/moe.py and
// calc/memory_inference.py
// operation for operation (exact integers use BigInt where the Python side uses int).
// tests/test_calculators.py types inputs in Chromium and compares the text shown here with those
// modules, formatted by the same rules:
//
//   sig p    p significant figures, thousands grouped with commas: 2.40, 54.2, 1,230
//   sci p    p significant figures as "a.bc × 10^n" (the exponent is shown as a superscript)
//   words p  p significant figures in million / billion / trillion / quadrillion
//   si p     p significant figures with an SI prefix: 74.0 GFLOP, 4.03 TFLOP
//   whole    rounded to a whole number, grouped: 29,491
//   bytes    the exact integer, and two decimals in the largest unit that is at least 1, in
//            binary units (KiB = 2^10, MiB = 2^20, GiB = 2^30 bytes) and decimal units
//            (kB = 10^3, MB = 10^6, GB = 10^9 bytes)
//   prob     four decimals; "< 0.0001" and "> 0.9999" for values that are not exactly 0 or 1
//
// Rounding is half-up on the exact binary value of the result (what Number#toExponential and
// Number#toFixed do). Inputs accept 7e9, 7B, 7,000,000,000 and the suffixes k, M, B (or G), T.
(function () {
  "use strict";

  // ---- Parsing -------------------------------------------------------------------------------

  var NUMBER = /^([+-]?(?:(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d*)?|\.\d+)(?:e[+-]?\d+)?)\s*([kmbgt])?$/i;
  var SUFFIX = { k: "e3", m: "e6", b: "e9", g: "e9", t: "e12" };

  function parseNumber(text) {
    var m = NUMBER.exec(String(text).trim());
    if (!m) return NaN;
    var num = m[1].replace(/,/g, "");
    if (m[2]) {
      if (/e/i.test(num)) return NaN; // "4e9B" is ambiguous
      num += SUFFIX[m[2].toLowerCase()];
    }
    return Number(num);
  }

  // ---- Formatting ----------------------------------------------------------------------------

  function group(digits) {
    return digits.replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  }

  function roundSig(x, p) {
    var s = Math.abs(x).toExponential(p - 1);
    var i = s.indexOf("e");
    return { neg: x < 0, digits: s.slice(0, i).replace(".", ""), exp: Number(s.slice(i + 1)) };
  }

  function place(r, exp) {
    var d = r.digits;
    var s;
    if (exp >= d.length - 1) s = group(d + "0".repeat(exp - d.length + 1));
    else if (exp >= 0) s = group(d.slice(0, exp + 1)) + "." + d.slice(exp + 1);
    else s = "0." + "0".repeat(-exp - 1) + d;
    return (r.neg ? "-" : "") + s;
  }

  function sig(x, p) {
    var r = roundSig(x, p);
    return place(r, r.exp);
  }

  function sci(x, p) {
    var r = roundSig(x, p);
    var m = r.digits.charAt(0) + (p > 1 ? "." + r.digits.slice(1) : "");
    return (r.neg ? "-" : "") + m + " × 10^" + r.exp;
  }

  var WORDS = ["", "", "million", "billion", "trillion", "quadrillion", "quintillion"];

  function words(x, p) {
    var r = roundSig(x, p);
    var i = Math.min(Math.floor(r.exp / 3), WORDS.length - 1);
    if (i < 2) return place(r, r.exp);
    return place(r, r.exp - 3 * i) + " " + WORDS[i];
  }

  var SI = ["", "k", "M", "G", "T", "P", "E", "Z", "Y"];

  function si(x, p, unit) {
    var r = roundSig(x, p);
    var i = Math.max(0, Math.min(Math.floor(r.exp / 3), SI.length - 1));
    return place(r, r.exp - 3 * i) + " " + SI[i] + unit;
  }

  function whole(x) {
    if (x < 1) return x < 0.5 ? "0" : "1";
    var e = Number(x.toExponential().split("e")[1]);
    return sig(x, e + 1);
  }

  function percent(fraction) {
    return sig(fraction * 100, 3) + "%";
  }

  function prob(x) {
    var s = x.toFixed(4);
    if (s === "0.0000" && x > 0) return "< 0.0001";
    if (s === "1.0000" && x < 1) return "> 0.9999";
    return s;
  }

  var BIN = ["bytes", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB", "ZiB", "YiB"];
  var DEC = ["bytes", "kB", "MB", "GB", "TB", "PB", "EB", "ZB", "YB"];

  function byteUnits(n, base, names) {
    // n: BigInt byte count. Two decimals in the largest unit >= 1, rounded half-up, exactly.
    var B = BigInt;
    var k = 0;
    var div = B(1);
    while (k < names.length - 1 && n >= div * B(base)) {
      div *= B(base);
      k++;
    }
    if (k === 0) return group(n.toString()) + " bytes";
    var q = ((n * B(200) + div) / (B(2) * div)).toString();
    while (q.length < 3) q = "0" + q;
    return group(q.slice(0, -2)) + "." + q.slice(-2) + " " + names[k];
  }

  function gib(n) {
    return byteUnits(n, 1024, BIN);
  }

  function gb(n) {
    return byteUnits(n, 1000, DEC);
  }

  function exact(n) {
    return group(n.toString());
  }

  // ---- Field rules ---------------------------------------------------------------------------
  // kind "num": any number; "int": a whole number. min and max are inclusive.

  function rule(kind, min, max, maxText) {
    return { kind: kind, min: min, max: max, maxText: maxText };
  }

  var COUNT = rule("num", 1, 1e16, "10^16 (ten quadrillion)");
  var PCT = rule("num", 0.01, 100, "100");

  // ---- The four calculators ------------------------------------------------------------------

  // Dense peaks in TFLOPS, from the hardware table of docs/low-precision/README.md
  // (H100 SXM datasheet; Blackwell specifications, dense = half the quoted sparse figure).
  var GPUS = {
    "h100-bf16": "989",
    "h100-fp8": "1979",
    "b200-bf16": "2250",
    "b200-fp8": "4500",
    "gb200-bf16": "2500",
    "gb200-fp8": "5000",
  };

  var CALCS = {
    // calc/training_compute.py: training_flops, gpu_hours, wall_clock_days, tokens_per_param.
    train: {
      rules: {
        params: COUNT,
        tokens: rule("num", 1, 1e17, "10^17"),
        peak: rule("num", 0.001, 1e6, "1,000,000 TFLOPS"),
        gpus: rule("int", 1, 1e7, "10,000,000"),
        mfu: PCT,
        eff: PCT,
      },
      presets: {
        // docs/estimations/README.md, "Worked example: Llama 3.1 405B" (MFU 43%).
        llama405b: { params: "405B", tokens: "15.6T", recompute: "0", gpu: "h100-bf16",
          peak: "989", gpus: "16384", mfu: "43", eff: "100" },
        // "Worked example: DeepSeek-V3": 37B active, 2,048 H800 at the BF16 dense peak, and the
        // end-to-end utilisation implied by the reported 2.664M pre-training GPU-hours.
        dsv3: { params: "37B", tokens: "14.8T", recompute: "0", gpu: "h100-bf16",
          peak: "989", gpus: "2048", mfu: "34.64", eff: "100" },
        // "Worked example: a 7B model on 1T tokens": 512 H100 at 40% MFU.
        small: { params: "7B", tokens: "1T", recompute: "0", gpu: "h100-bf16",
          peak: "989", gpus: "512", mfu: "40", eff: "100" },
      },
      sync: function (form, name) {
        var gpu = control(form, "gpu");
        var peak = control(form, "peak");
        if (name === "gpu" && GPUS[gpu.value]) peak.value = GPUS[gpu.value];
        if (name === "peak" && GPUS[gpu.value] && parseNumber(peak.value) !== Number(GPUS[gpu.value])) {
          gpu.value = "custom";
        }
      },
      restore: function (form, state) {
        if (!("peak" in state)) this.sync(form, "gpu"); // a link with a GPU choice but no peak
      },
      compute: function (v) {
        var flops6 = 6 * v.params * v.tokens;
        var flops8 = 8 * v.params * v.tokens;
        var flops = v.recompute ? flops8 : flops6;
        var mfu = v.mfu / 100;
        var hours = flops / (v.peak * 1e12 * mfu) / 3600;
        var days = hours / v.gpus / 24 / (v.eff / 100);
        var rows = [
          ["flops", v.recompute ? "Training FLOPs, 8ND (full recomputation)" : "Training FLOPs, 6ND",
            sci(flops, 3) + " FLOPs"],
          ["hours", "GPU-hours", (hours < 1e6 ? whole(hours) : words(hours, 4)) + " GPU-hours"],
          ["days", "Wall-clock time", sig(days, 3) + " days"],
          ["tpp", "Tokens per parameter", sig(v.tokens / v.params, 3)],
        ];
        if (v.recompute) {
          rows.push(["mfu6", "MFU (6ND over the same time)", percent((mfu * flops6) / flops8)]);
        }
        return { rows: rows };
      },
    },

    // calc/kv_cache.py: kv_cache_bytes (MHA, GQA) and mla_cache_bytes (MLA).
    kv: {
      rules: {
        layers: rule("int", 1, 10000, "10,000"),
        kvheads: rule("int", 1, 10000, "10,000"),
        headdim: rule("int", 1, 100000, "100,000"),
        rank: rule("int", 1, 1000000, "1,000,000"),
        ropedim: rule("int", 1, 100000, "100,000"),
        tokens: rule("int", 1, 1e9, "1,000,000,000"),
        batch: rule("int", 1, 1e6, "1,000,000"),
      },
      modes: { mode: { gqa: ["kvheads", "headdim"], mla: ["rank", "ropedim"] } },
      // docs/lcw.md, "Worked example: one 128K-token sequence" (and the OPT-13B cross-check).
      presets: {
        llama8b: { mode: "gqa", layers: "32", kvheads: "8", headdim: "128", bytes: "2",
          tokens: "131072", batch: "1" },
        llama70b: { mode: "gqa", layers: "80", kvheads: "8", headdim: "128", bytes: "2",
          tokens: "131072", batch: "1" },
        llama405b: { mode: "gqa", layers: "126", kvheads: "8", headdim: "128", bytes: "2",
          tokens: "131072", batch: "1" },
        opt13b: { mode: "gqa", layers: "40", kvheads: "40", headdim: "128", bytes: "2",
          tokens: "131072", batch: "1" },
        dsv3: { mode: "mla", layers: "61", rank: "512", ropedim: "64", bytes: "2",
          tokens: "131072", batch: "1" },
      },
      compute: function (v) {
        var B = BigInt;
        var mla = v.mode === "mla";
        var perToken = mla
          ? B(v.layers) * (B(v.rank) + B(v.ropedim)) * B(v.bytes)
          : B(2) * B(v.layers) * B(v.kvheads) * B(v.headdim) * B(v.bytes);
        var total = perToken * B(v.tokens) * B(v.batch);
        var formula = mla
          ? v.layers + " × (" + v.rank + " + " + v.ropedim + ") × " + v.bytes
          : "2 × " + v.layers + " × " + v.kvheads + " × " + v.headdim + " × " + v.bytes;
        var seqs = v.batch === 1 ? "1 sequence" : exact(v.batch) + " sequences";
        return {
          rows: [
            ["formula", "Bytes per token, as a product", formula],
            ["pertoken", "Bytes per token, one sequence", exact(perToken) + " bytes (" + gib(perToken) + ")"],
            ["total", "Cache for " + exact(v.tokens) + " tokens × " + seqs, gib(total) + " (" + gb(total) + ")"],
            ["bytes", "Exact size", exact(total) + " bytes"],
          ],
        };
      },
    },

    // calc/passk.py: pass_at_k (product form, exact edge cases) and naive_pass_at_k.
    passk: {
      rules: {
        n: rule("int", 1, 1000000, "1,000,000"),
        c: rule("int", 0, 1000000, "1,000,000"),
        k: rule("int", 1, 1000000, "1,000,000"),
      },
      check: function (v) {
        var errors = {};
        if (v.c > v.n) errors.c = "Cannot exceed n (" + exact(v.n) + "): c counts correct samples among the n.";
        if (v.k > v.n) errors.k = "Cannot exceed n (" + exact(v.n) + "): the estimator needs n ≥ k samples.";
        return errors;
      },
      compute: function (v) {
        var n = v.n;
        var c = v.c;
        var k = v.k;
        var unbiased;
        var note;
        if (c === 0) {
          unbiased = 0;
          note = "Exactly 0: no sample is correct, so no set of k samples passes.";
        } else if (n - c < k) {
          unbiased = 1;
          note = "Exactly 1: only n − c = " + exact(n - c) + " samples are wrong, fewer than k = " +
            exact(k) + ", so every set of k samples holds a correct one.";
        } else {
          var allWrong = 1;
          for (var i = n - c + 1; i <= n; i++) allWrong *= 1 - k / i;
          unbiased = 1 - allWrong;
          note = k === 1
            ? "With k = 1 both estimates equal c/n."
            : "Computed as 1 − ∏ (1 − k/i) for i = " + exact(n - c + 1) + " … " + exact(n) +
              ": " + exact(c) + (c === 1 ? " factor." : " factors.");
        }
        var naive = 1 - Math.pow(1 - c / n, k);
        return {
          rows: [
            ["unbiased", "pass@" + exact(k) + ", unbiased", prob(unbiased)],
            ["naive", "Naive 1 − (1 − c/n)^k", prob(naive)],
            ["note", "How", note],
          ],
        };
      },
    },

    // calc/moe.py: expert_params, routed_expert_params, experts_per_gpu, expert_memory_bytes,
    // block_scale_bytes, flops_per_token.
    moe: {
      rules: {
        total: COUNT,
        active: COUNT,
        dmodel: rule("int", 1, 1000000, "1,000,000"),
        dff: rule("int", 1, 1000000, "1,000,000"),
        experts: rule("int", 1, 100000, "100,000"),
        layers: rule("int", 1, 10000, "10,000"),
        ep: rule("int", 1, 100000, "100,000"),
      },
      // docs/moe.md, "Worked example: DeepSeek-V3 routed experts at EP=64", and its closing
      // remark on the decode layout with one routed expert per GPU (EP=256).
      presets: {
        dsv3: { total: "671B", active: "37B", dmodel: "7168", dff: "2048", experts: "256",
          layers: "58", precision: "fp8s", ep: "64" },
        dsv3decode: { total: "671B", active: "37B", dmodel: "7168", dff: "2048", experts: "256",
          layers: "58", precision: "fp8s", ep: "256" },
      },
      check: function (v) {
        var errors = {};
        var routed = 3 * v.dmodel * v.dff * v.experts * v.layers;
        if (v.active > v.total) errors.active = "Cannot exceed the total parameters.";
        else if (routed > v.total) {
          errors.total = "Smaller than the routed experts alone (" + words(routed, 3) +
            " from the expert shape); check the total or the shape.";
        }
        if (v.experts % v.ep) {
          errors.ep = exact(v.experts) + " experts do not split evenly over " + exact(v.ep) +
            " GPUs; use a divisor of " + exact(v.experts) + ".";
        }
        return errors;
      },
      compute: function (v) {
        var B = BigInt;
        var perExpert = B(3) * B(v.dmodel) * B(v.dff);
        var routed = perExpert * B(v.experts) * B(v.layers);
        var local = v.experts / v.ep;
        var perGpu = B(local) * B(v.layers) * perExpert;
        var width = { fp8s: 1, fp8: 1, bf16: 2, fp32: 4 }[v.precision];
        var scales = B(0);
        if (v.precision === "fp8s") {
          var blocks = Math.ceil(v.dmodel / 128) * Math.ceil(v.dff / 128);
          scales = B(local) * B(v.layers) * B(3) * B(blocks * 4);
        }
        var perGpuBytes = perGpu * B(width) + scales;
        var memory = exact(perGpuBytes) + " bytes: " + gb(perGpuBytes) + " (" + gib(perGpuBytes) + ")";
        if (v.precision === "fp8s") memory += ", of which " + exact(scales) + " bytes are scales";
        return {
          rows: [
            ["perexpert", "Parameters per expert, 3 × d × d_ff", exact(perExpert)],
            ["routed", "Routed-expert parameters, all MoE layers",
              exact(routed) + " (" + words(Number(routed), 3) + ", " +
              sig((100 * Number(routed)) / v.total, 3) + "% of the total)"],
            ["local", "Experts per GPU in each MoE layer", String(local)],
            ["pergpu", "Expert parameters per GPU", exact(perGpu) + " (" + words(Number(perGpu), 3) + ")"],
            ["memory", "Expert weights per GPU", memory],
            ["forward", "Forward FLOPs per token, 2 × active", si(2 * v.active, 3, "FLOP")],
            ["training", "Training FLOPs per token, 6 × active", si(6 * v.active, 3, "FLOP")],
            ["dense", "Training FLOPs per token if all were active, 6 × total",
              si(6 * v.total, 3, "FLOP") + " (" + sig(v.total / v.active, 3) + " × more)"],
          ],
        };
      },
    },

    // calc/memory_inference.py: model_state_bytes and first_stage_activation_bytes.
    mem: {
      rules: {
        params: COUNT,
        dp: rule("int", 1, 1e7, "10,000,000"),
        tp: rule("int", 1, 100000, "100,000"),
        pp: rule("int", 1, 100000, "100,000"),
        layers: rule("int", 1, 10000, "10,000"),
        seq: rule("int", 1, 1e8, "100,000,000"),
        mbs: rule("int", 1, 1e6, "1,000,000"),
        hidden: rule("int", 1, 1e6, "1,000,000"),
        heads: rule("int", 1, 100000, "100,000"),
      },
      // docs/estimations/memory-and-inference.md, "Worked example: GPT-3 175B on 1,024 GPUs".
      presets: {
        gpt3: { params: "175B", optim: "adam", zero: "1", dp: "16", tp: "8", pp: "8",
          layers: "96", seq: "2048", mbs: "1", hidden: "12288", heads: "96", mode: "selective" },
        gpt3full: { params: "175B", optim: "adam", zero: "1", dp: "16", tp: "8", pp: "8",
          layers: "96", seq: "2048", mbs: "1", hidden: "12288", heads: "96", mode: "full" },
      },
      compute: function (v) {
        var k = { adam: 12, adam8: 6 }[v.optim];
        var zero = Number(v.zero);
        var local = v.params / (v.tp * v.pp);
        var weights = (2 * local) / (zero >= 3 ? v.dp : 1);
        var grads = (2 * local) / (zero >= 2 ? v.dp : 1);
        var optimizer = (k * local) / (zero >= 1 ? v.dp : 1);
        var states = weights + grads + optimizer;
        var s = v.seq, b = v.mbs, h = v.hidden, a = v.heads, t = v.tp;
        var sbh = s * b * h;
        var perLayer = {
          none: sbh * (34 + (5 * a * s) / h),
          tp: sbh * (10 + 24 / t + (5 * a * s) / (h * t)),
          "tp+sp": (sbh / t) * (34 + (5 * a * s) / h),
          selective: (34 * sbh) / t,
          full: 2 * sbh,
        }[v.mode];
        var acts = v.layers * perLayer;
        return {
          rows: [
            ["weights", "16-bit weights per GPU", si(weights, 3, "B")],
            ["grads", "16-bit gradients per GPU", si(grads, 3, "B")],
            ["optimizer", "Optimiser state per GPU (K = " + k + " bytes per parameter)", si(optimizer, 3, "B")],
            ["states", "Model states per GPU", si(states, 3, "B")],
            ["perlayer", "Activations per layer", si(perLayer, 3, "B")],
            ["acts", "Activations on the first pipeline stage (" + exact(v.layers) + " layers' worth)", si(acts, 3, "B")],
            ["total", "Total per GPU (before buffers and fragmentation)", si(states + acts, 3, "B")],
          ],
        };
      },
    },
  };

  // ---- Wiring --------------------------------------------------------------------------------
  // Controls are found by data-field, not by name or id: a page may be rewritten with prefixed
  // names and ids (the one-page print copy of the site does that). Each text field's message
  // element is the one its aria-describedby names with an id ending in "-err".

  function controls(form) {
    return Array.prototype.slice.call(form.querySelectorAll("[data-field]"));
  }

  function control(form, field) {
    return form.querySelector('[data-field="' + field + '"]');
  }

  function fieldBox(el) {
    return el.closest(".calc-field");
  }

  function errorOf(el) {
    var ids = (el.getAttribute("aria-describedby") || "").split(/\s+/);
    for (var i = 0; i < ids.length; i++) {
      if (/-err$/.test(ids[i])) return document.getElementById(ids[i]);
    }
    return null;
  }

  function labelOf(form, field) {
    var el = control(form, field);
    return el && el.labels && el.labels[0] ? el.labels[0].textContent.trim() : field;
  }

  function readValue(form, field) {
    var els = form.querySelectorAll('[data-field="' + field + '"]');
    if (els[0].type === "checkbox") return els[0].checked ? "1" : "0";
    if (els[0].type === "radio") {
      for (var i = 0; i < els.length; i++) if (els[i].checked) return els[i].value;
      return "";
    }
    return els[0].value;
  }

  function readState(key) {
    var raw = null;
    location.search.replace(/^\?/, "").split("&").forEach(function (part) {
      var i = part.indexOf("=");
      if (i > 0 && part.slice(0, i) === key) raw = part.slice(i + 1);
    });
    if (raw === null) return null;
    try {
      if (!/[:;]/.test(raw)) raw = decodeURIComponent(raw); // re-encoded by some other tool
    } catch (e) {
      return null;
    }
    var state = {};
    raw.split(";").forEach(function (pair) {
      var i = pair.indexOf(":");
      if (i <= 0) return;
      try {
        state[pair.slice(0, i)] = decodeURIComponent(pair.slice(i + 1)).slice(0, 64);
      } catch (e) {
        /* skip a malformed pair */
      }
    });
    return state;
  }

  function writeState(form, key) {
    var seen = {};
    var pairs = [];
    controls(form).forEach(function (el) {
      var field = el.getAttribute("data-field");
      if (seen[field]) return;
      seen[field] = true;
      pairs.push(field + ":" + encodeURIComponent(readValue(form, field)));
    });
    var kept = location.search.replace(/^\?/, "").split("&").filter(function (part) {
      return part && part.split("=")[0] !== key;
    });
    kept.push(key + "=" + pairs.join(";"));
    history.replaceState(history.state, "", location.pathname + "?" + kept.join("&") + location.hash);
  }

  function applyValues(form, values) {
    Object.keys(values).forEach(function (field) {
      var els = form.querySelectorAll('[data-field="' + field + '"]');
      var value = values[field];
      if (!els.length) return;
      var el = els[0];
      if (el.type === "checkbox") {
        el.checked = value === "1";
      } else if (el.type === "radio") {
        if (!Array.prototype.some.call(els, function (radio) { return radio.value === value; })) return;
        Array.prototype.forEach.call(els, function (radio) { radio.checked = radio.value === value; });
      } else if (el.tagName === "SELECT") {
        if (Array.prototype.some.call(el.options, function (o) { return o.value === value; })) el.value = value;
      } else {
        el.value = value;
      }
    });
  }

  function showModes(form, calc) {
    Object.keys(calc.modes || {}).forEach(function (name) {
      var current = readValue(form, name);
      var groups = calc.modes[name];
      Object.keys(groups).forEach(function (mode) {
        groups[mode].forEach(function (field) {
          fieldBox(control(form, field)).hidden = mode !== current;
        });
      });
    });
  }

  function isActive(form, name) {
    var box = fieldBox(control(form, name));
    return !(box && box.hidden);
  }

  function validate(form, calc) {
    var values = {};
    var errors = {};
    controls(form).forEach(function (el) {
      var name = el.getAttribute("data-field");
      var spec = calc.rules[name];
      if (!spec) {
        values[name] = el.type === "checkbox" ? el.checked : readValue(form, name);
        return;
      }
      if (!isActive(form, name)) return;
      var text = el.value.trim();
      var x = parseNumber(text);
      if (text === "") errors[name] = "Enter a value.";
      else if (isNaN(x)) {
        errors[name] = spec.kind === "int" ? "Not a number: write a whole number such as 128 or 131,072." :
          "Not a number: write it as 7e9, 7B or 7,000,000,000.";
      }
      else if (spec.kind === "int" && Math.floor(x) !== x) errors[name] = "Use a whole number.";
      else if (x < spec.min) {
        errors[name] = spec.min === 0 ? "Cannot be negative." : spec.min === 1 ? "Must be at least 1." :
          "Must be at least " + spec.min + ".";
      } else if (x > spec.max) errors[name] = "Too large: at most " + spec.maxText + ".";
      else values[name] = x;
    });
    if (calc.check && !Object.keys(errors).length) errors = calc.check(values);
    return { values: values, errors: errors };
  }

  function renderErrors(form, errors) {
    controls(form).forEach(function (el) {
      var msg = errorOf(el);
      if (!msg) return;
      var text = errors[el.getAttribute("data-field")] || "";
      msg.textContent = text;
      if (text) el.setAttribute("aria-invalid", "true");
      else el.removeAttribute("aria-invalid");
      fieldBox(el).classList.toggle("calc-invalid", !!text);
    });
  }

  function setValue(dd, text) {
    // "a × 10^n" is shown with a superscript; a visually hidden caret keeps the text readable.
    while (dd.firstChild) dd.removeChild(dd.firstChild);
    var parts = text.split(/10\^(-?\d+)/);
    for (var i = 0; i < parts.length; i++) {
      if (i % 2 === 0) {
        dd.appendChild(document.createTextNode((i + 1 < parts.length ? parts[i] + "10" : parts[i])));
      } else {
        var sup = document.createElement("sup");
        var caret = document.createElement("span");
        caret.className = "calc-sr";
        caret.textContent = "^";
        sup.appendChild(caret);
        sup.appendChild(document.createTextNode(parts[i]));
        dd.appendChild(sup);
      }
    }
    dd.setAttribute("data-text", text);
  }

  function renderRows(region, rows) {
    var dl = region.querySelector("dl.calc-out");
    var shape = rows.map(function (r) { return r[0] + "=" + r[1]; }).join("|");
    if (!dl || dl.getAttribute("data-shape") !== shape) {
      while (region.firstChild) region.removeChild(region.firstChild);
      dl = document.createElement("dl");
      dl.className = "calc-out";
      dl.setAttribute("data-shape", shape);
      rows.forEach(function (r) {
        var dt = document.createElement("dt");
        dt.textContent = r[1];
        var dd = document.createElement("dd");
        dd.setAttribute("data-out", r[0]);
        dl.appendChild(dt);
        dl.appendChild(dd);
      });
      region.appendChild(dl);
    }
    rows.forEach(function (r) {
      var dd = dl.querySelector('dd[data-out="' + r[0] + '"]');
      if (dd.getAttribute("data-text") !== r[2]) setValue(dd, r[2]);
    });
  }

  function renderMessage(region, text) {
    while (region.firstChild) region.removeChild(region.firstChild);
    var p = document.createElement("p");
    p.className = "calc-message";
    p.textContent = text;
    region.appendChild(p);
  }

  function update(form, calc) {
    showModes(form, calc);
    var result = validate(form, calc);
    var region = form.querySelector(".calc-results");
    renderErrors(form, result.errors);
    var bad = Object.keys(result.errors);
    if (bad.length) {
      renderMessage(region, "No results until the marked " + (bad.length === 1 ? "field is" : "fields are") +
        " fixed: " + bad.map(function (name) {
          return labelOf(form, name) + ": " + result.errors[name];
        }).join(" "));
      return;
    }
    var rows = calc.compute(result.values).rows;
    var broken = rows.some(function (r) { return /NaN|Infinity|undefined/.test(r[2]); });
    if (broken) renderMessage(region, "The inputs give a result too large to show; check them.");
    else renderRows(region, rows);
  }

  function wire(form) {
    var name = form.getAttribute("data-calc");
    var calc = CALCS[name];
    if (!calc || form.hasAttribute("data-calc-ready")) return;
    if (Object.keys(calc.rules).some(function (field) { return !control(form, field); })) return;
    form.setAttribute("data-calc-ready", "");
    var key = "calc-" + name;
    var state = readState(key);
    if (state) {
      applyValues(form, state);
      if (calc.restore) calc.restore(form, state);
    }

    // The URL is written a moment after typing stops (browsers limit how often a page may call
    // history.replaceState; Safari allows 100 calls in 30 s), and at once on a change or preset.
    var timer = null;
    function save() {
      clearTimeout(timer);
      timer = null;
      try {
        writeState(form, key);
      } catch (e) {
        /* the results are shown; only the shareable URL is stale */
      }
    }

    function changed(event) {
      var field = event && event.target && event.target.getAttribute && event.target.getAttribute("data-field");
      if (calc.sync && field) calc.sync(form, field);
      update(form, calc);
      if (event && event.type === "input") {
        clearTimeout(timer);
        timer = setTimeout(save, 300);
      } else {
        save();
      }
    }
    form.addEventListener("input", changed);
    form.addEventListener("change", changed);
    form.addEventListener("submit", function (event) {
      event.preventDefault();
    });
    var presets = form.querySelector(".calc-presets");
    if (presets && calc.presets) {
      presets.hidden = false;
      presets.addEventListener("click", function (event) {
        var button = event.target.closest("button[data-preset]");
        if (!button || !calc.presets[button.getAttribute("data-preset")]) return;
        applyValues(form, calc.presets[button.getAttribute("data-preset")]);
        changed(null);
      });
    }
    update(form, calc);
  }

  function run() {
    if (typeof BigInt === "undefined") return; // very old browser: keep the no-JavaScript note
    document.querySelectorAll("form[data-calc]").forEach(wire);
  }

  if (typeof document$ !== "undefined") {
    document$.subscribe(run);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", run);
  } else {
    run();
  }
})();

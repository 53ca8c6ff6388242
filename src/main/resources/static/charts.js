// Draws every <div class="chart" data-chart='{"kind":"bars"|"lines","x":[epoch s],"series":[{"label","values"}],"marks":[{"x","label"}]}'>
// with uPlot. Colours come from hush.css, so a chart follows the light or dark theme; charts are redrawn
// at their container's width when the window or the theme changes.
(function () {
  "use strict";
  if (typeof uPlot === "undefined") return;

  var drawn = [];

  function css(name) {
    return getComputedStyle(document.documentElement).getPropertyValue(name).trim();
  }

  function palette() {
    return [css("--blue"), css("--amber"), css("--green"), css("--red"), css("--muted"), css("--fg")];
  }

  // Done action items and the like: a dashed vertical line with its label at the top.
  function marksPlugin(marks, colour) {
    return {
      hooks: {
        draw: [function (u) {
          var ctx = u.ctx, top = u.bbox.top, bottom = u.bbox.top + u.bbox.height;
          ctx.save();
          ctx.strokeStyle = colour;
          ctx.fillStyle = colour;
          ctx.lineWidth = Math.max(1, devicePixelRatio);
          ctx.setLineDash([4 * devicePixelRatio, 3 * devicePixelRatio]);
          ctx.font = Math.round(11 * devicePixelRatio) + "px system-ui, sans-serif";
          marks.forEach(function (m, i) {
            var x = Math.round(u.valToPos(m.x, "x", true));
            if (x < u.bbox.left || x > u.bbox.left + u.bbox.width) return;
            ctx.beginPath();
            ctx.moveTo(x, top);
            ctx.lineTo(x, bottom);
            ctx.stroke();
            var label = m.label.length > 28 ? m.label.slice(0, 27) + "…" : m.label;
            var width = ctx.measureText(label).width;
            var tx = x + 4 * devicePixelRatio + width > u.bbox.left + u.bbox.width ? x - 4 * devicePixelRatio - width : x + 4 * devicePixelRatio;
            ctx.fillText(label, tx, top + (12 + 12 * (i % 3)) * devicePixelRatio);
          });
          ctx.restore();
        }]
      }
    };
  }

  // Bars with several series are stacked: each series is drawn as the sum of itself and those after it,
  // the tallest first, so every segment shows; the legend still shows each series' own value.
  function stack(series) {
    var sums = series.map(function (s) { return s.values.slice(); });
    for (var i = sums.length - 2; i >= 0; i--) {
      for (var j = 0; j < sums[i].length; j++) {
        sums[i][j] = (sums[i][j] || 0) + (sums[i + 1][j] || 0);
      }
    }
    return sums;
  }

  function render(el) {
    var spec;
    try { spec = JSON.parse(el.getAttribute("data-chart")); } catch (e) { return; }
    var colours = palette(), fg = css("--fg"), muted = css("--muted"), line = css("--line");
    var bars = spec.kind === "bars";
    var values = bars && spec.series.length > 1 ? stack(spec.series) : spec.series.map(function (s) { return s.values; });
    var step = spec.x.length > 1 ? spec.x[1] - spec.x[0] : 7 * 86400;
    var lastMark = (spec.marks || []).reduce(function (m, k) { return Math.max(m, k.x); }, -Infinity);
    var width = Math.max(260, el.clientWidth);
    var narrow = width < 500;
    var axis = { stroke: muted, grid: { stroke: line, width: 1 }, ticks: { stroke: line, width: 1 }, font: "11px system-ui, sans-serif" };
    var opts = {
      width: width,
      height: narrow ? 200 : 260,
      legend: { show: true },
      scales: {
        // Half a step of room on each side for the bars, and room for marks after the last point.
        x: { time: true, range: function (u, min, max) { return [min - step / 2, Math.max(max, lastMark) + step / 2]; } },
        y: { range: function (u, min, max) { return [0, Math.max(1, max * 1.1)]; } }
      },
      axes: [Object.assign({ space: narrow ? 60 : 80 }, axis), Object.assign({ size: 40 }, axis)],
      series: [{ label: "week" }].concat(spec.series.map(function (s, i) {
        var colour = colours[i % colours.length];
        var own = s.values;
        return {
          label: s.label,
          stroke: colour,
          width: bars ? 0 : (s.label === "trend" ? 1.5 : 2),
          dash: s.label === "trend" ? [6, 4] : undefined,
          fill: bars ? colour : undefined,
          paths: bars ? uPlot.paths.bars({ size: [0.7, 48] }) : undefined,
          points: { show: !bars, size: 5 },
          spanGaps: false,
          value: function (u, v, si, idx) { return idx == null || own[idx] == null ? "–" : own[idx]; }
        };
      })),
      plugins: spec.marks && spec.marks.length ? [marksPlugin(spec.marks, fg)] : []
    };
    el.textContent = "";
    drawn.push(new uPlot(opts, [spec.x].concat(values), el));
  }

  function renderAll() {
    drawn.forEach(function (u) { u.destroy(); });
    drawn = [];
    document.querySelectorAll("div.chart[data-chart]").forEach(render);
  }

  var pending;
  function later() {
    clearTimeout(pending);
    pending = setTimeout(renderAll, 150);
  }

  renderAll();
  window.addEventListener("resize", later);
  if (window.matchMedia) {
    window.matchMedia("(prefers-color-scheme: dark)").addEventListener("change", renderAll);
  }
  // The header's theme switch changes <html data-theme> in place (hush.js).
  new MutationObserver(renderAll).observe(document.documentElement, { attributes: true, attributeFilter: ["data-theme"] });
})();

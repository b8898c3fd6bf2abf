// Kompass dashboards: charts from the JSON the server embeds in each page, filter forms that
// submit on change, and live updates over server-sent events. Every word shown comes from the
// server (series names, labels, formatted values); this script holds none of its own.
(function () {
  'use strict';

  var charts = [];
  var palette = ['#1f4e79', '#e07a1f', '#2e8b57', '#8e44ad', '#c0392b', '#16a085', '#7f8c8d'];

  function axisFormatter(data) {
    if (data.axis === 'money' && data.compact) {
      // The language's own short forms of the currency, from the server (e.g. "12,5 tkr" in Swedish).
      var plain = new Intl.NumberFormat(data.locale, { maximumFractionDigits: 1 });
      var whole = new Intl.NumberFormat(data.locale, { style: 'currency', currency: data.currency, maximumFractionDigits: 0 });
      var minus = plain.format(-1).replace('1', '');
      var units = [1e3, 1e6, 1e9];
      return function (value) {
        var a = Math.abs(value);
        var size = a >= 1e9 ? 2 : a >= 1e6 ? 1 : a >= 1e3 ? 0 : -1;
        // 999,960 is 1.0M, not 1,000.0K: the size follows the number as it is rounded.
        if (size >= 0 && size < 2 && Math.round(a / units[size] * 10) / 10 >= 1000) {
          size++;
        }
        // Zero is 0 in any currency: the axis's other labels say which. The sign goes first ("-€12K", "−12 TEUR").
        return value === 0 ? plain.format(0) : size < 0 ? whole.format(value)
          : (value < 0 ? minus : '') + data.compact[size].replace('{0}', plain.format(a / units[size]));
      };
    }
    var options = { maximumFractionDigits: 1, notation: 'compact' };
    if (data.axis === 'money') {
      options.style = 'currency';
      options.currency = data.currency;
    } else if (data.axis === 'percent') {
      // The values are percentages; the language decides the sign's spacing ("40%" in English, "40 %" in Swedish).
      options.style = 'unit';
      options.unit = 'percent';
    }
    var format = new Intl.NumberFormat(data.locale, options);
    return function (value) {
      return format.format(value);
    };
  }

  function tooltip(data) {
    return {
      trigger: 'axis',
      formatter: function (params) {
        var i = params[0].dataIndex;
        return data.labels[i] + '<br>' + (data.shown[i] || '');
      }
    };
  }

  function band(data, low, high, name, color) {
    // A KPI without an interval (a sum such as revenue) gets no band, nor a legend entry for one.
    if (!low || !low.some(function (v, i) { return v !== null && high[i] !== null; })) {
      return [];
    }
    // A band is drawn as the low line plus a stacked area of (high - low).
    var base = low.map(function (v, i) { return v === null || high[i] === null ? null : v; });
    var width = low.map(function (v, i) { return v === null || high[i] === null ? null : high[i] - v; });
    return [
      // The item colour is the band's, so that the legend shows the band's colour too.
      { type: 'line', data: base, stack: name, symbol: 'none', lineStyle: { opacity: 0 }, itemStyle: { color: color }, silent: true, name: name },
      { type: 'line', data: width, stack: name, symbol: 'none', lineStyle: { opacity: 0 }, areaStyle: { color: color, opacity: 0.18 },
        itemStyle: { color: color }, silent: true, name: name }
    ];
  }

  function option(data) {
    var format = axisFormatter(data);
    var grid = { left: 8, right: 36, top: 28, bottom: 8, containLabel: true };
    switch (data.kind) {
      case 'spark':
        return {
          animation: false,
          grid: { left: 2, right: 2, top: 4, bottom: 4 },
          xAxis: { type: 'category', data: data.labels, show: false },
          yAxis: { type: 'value', show: false, scale: true },
          series: [{ type: 'line', data: data.values, symbol: 'none', smooth: true, lineStyle: { width: 2, color: palette[0] },
            areaStyle: { color: palette[0], opacity: 0.08 } }]
        };
      case 'trend':
        return {
          grid: grid,
          tooltip: tooltip(data),
          legend: { data: [data.valueName].concat(band(data, data.low, data.high, data.bandName, palette[0]).length ? [data.bandName] : []), top: 0, type: 'scroll' },
          xAxis: { type: 'category', data: data.labels },
          yAxis: { type: 'value', scale: true, axisLabel: { formatter: format } },
          series: band(data, data.low, data.high, data.bandName, palette[0]).concat([
            { type: 'line', name: data.valueName, data: data.values, symbolSize: 7, lineStyle: { width: 3, color: palette[0] },
              itemStyle: { color: palette[0] } }
          ])
        };
      case 'versus':
        return {
          grid: grid,
          tooltip: { trigger: 'axis', formatter: function (params) { var i = params[0].dataIndex; return data.labels[i] + '<br>' + data.shown[i]; } },
          legend: { data: [data.valueName, data.medianName].concat(band(data, data.low, data.high, data.bandName, palette[1]).length ? [data.bandName] : []),
            // One line that scrolls, not lines over the plot on a narrow screen.
            top: 0, type: 'scroll' },
          xAxis: { type: 'category', data: data.labels },
          yAxis: { type: 'value', scale: true, axisLabel: { formatter: format } },
          series: band(data, data.low, data.high, data.bandName, palette[1]).concat([
            { type: 'line', name: data.medianName, data: data.median, symbol: 'none', lineStyle: { type: 'dashed', color: palette[1] },
              itemStyle: { color: palette[1] } },
            { type: 'line', name: data.valueName, data: data.values, symbolSize: 7, lineStyle: { width: 3, color: palette[0] },
              itemStyle: { color: palette[0] } }
          ])
        };
      case 'bars':
        return {
          // Room on the right for the longest value written beside its bar (about 7 px a character).
          grid: { left: 8, right: Math.max(36, 12 + 7 * Math.max.apply(null, data.shown.map(function (t) { return (t || '').length; }).concat([0]))),
            top: 28, bottom: 8, containLabel: true },
          tooltip: { trigger: 'item', formatter: function (p) { return data.labels[p.dataIndex] + '<br>' + data.shown[p.dataIndex]; } },
          xAxis: { type: 'value', axisLabel: { formatter: format } },
          yAxis: { type: 'category', data: data.labels, inverse: true },
          series: [{ type: 'bar', data: data.values, itemStyle: { color: function (p) { return palette[p.dataIndex % palette.length]; } },
            label: { show: true, position: 'right', formatter: function (p) { return data.shown[p.dataIndex]; } } }]
        };
      case 'funnel':
        return {
          tooltip: { trigger: 'item', formatter: function (p) { return data.labels[p.dataIndex] + '<br>' + data.shown[p.dataIndex]; } },
          // Labels beside the funnel: inside, the narrowest stages cut their own label off.
          series: [{ type: 'funnel', sort: 'none', left: '5%', width: '55%', top: 10, bottom: 10, minSize: '8%',
            data: data.values.map(function (v, i) { return { value: v, name: data.labels[i] }; }),
            label: { show: true, position: 'right', color: '#1f2933',
              formatter: function (p) { return data.labels[p.dataIndex] + ': ' + data.shown[p.dataIndex]; } },
            labelLine: { show: true },
            itemStyle: { color: function (p) { return palette[p.dataIndex % palette.length]; } } }]
        };
      default:
        return null;
    }
  }

  function drawCharts(root) {
    charts.forEach(function (c) { c.dispose(); });
    charts = [];
    if (!window.echarts) {
      return;
    }
    root.querySelectorAll('[data-chart]').forEach(function (element) {
      var source = document.getElementById(element.getAttribute('data-chart'));
      if (!source) {
        return;
      }
      var data = JSON.parse(source.textContent);
      var opts = option(data);
      if (opts) {
        var chart = window.echarts.init(element, null, { renderer: 'svg' });
        // No animation: numbers appear at once (also after a live update) and screenshots are stable.
        opts.animation = false;
        chart.setOption(opts);
        charts.push(chart);
        element.setAttribute('data-drawn', 'true');
      }
    });
  }

  // What names an element across a new copy of the page: its id, else its form's action and its name (and value, for a
  // check box), else its link.
  function keyOf(el) {
    if (el.id) {
      return '#' + el.id;
    }
    if (el.name && el.form) {
      return (el.form.getAttribute('action') || '') + '|' + el.name + '|' + (el.type === 'checkbox' || el.type === 'radio' ? el.value : '');
    }
    return el.tagName === 'A' && el.getAttribute('href') ? 'a|' + el.getAttribute('href') : null;
  }

  function findByKey(root, key) {
    var all = root.querySelectorAll('[id], [name], a[href]');
    for (var i = 0; i < all.length; i++) {
      if (keyOf(all[i]) === key) {
        return all[i];
      }
    }
    return null;
  }

  // Choices made and not applied yet (a date typed, a grain or variant picked with the keyboard), to carry over.
  function unsaved(root) {
    var out = [];
    root.querySelectorAll('input, select, textarea').forEach(function (el) {
      var key = keyOf(el);
      if (!key || el.type === 'hidden' || el.type === 'file' || el.type === 'password') {
        return;
      }
      if (el.tagName === 'SELECT') {
        if (Array.prototype.some.call(el.options, function (o) { return o.selected !== o.defaultSelected; })) {
          out.push([key, el.value]);
        }
      } else if (el.type === 'checkbox' || el.type === 'radio') {
        if (el.checked !== el.defaultChecked) {
          out.push([key, el.checked]);
        }
      } else if (el.value !== el.defaultValue) {
        out.push([key, el.value]);
      }
    });
    return out;
  }

  function restore(root, choices, focused) {
    choices.forEach(function (c) {
      var el = findByKey(root, c[0]);
      if (el && (el.type === 'checkbox' || el.type === 'radio')) {
        el.checked = c[1];
      } else if (el) {
        el.value = c[1];
      }
    });
    var target = focused && findByKey(root, focused);
    if (target && target.focus) {
      target.focus({ preventScroll: true });
    }
  }

  // A page reloaded by a choice keeps the focus on the control that made it.
  function focusAfterReload() {
    try {
      var key = window.sessionStorage.getItem('kompass-focus');
      window.sessionStorage.removeItem('kompass-focus');
      if (key) {
        restore(document, [], key);
      }
    } catch (e) { /* storage turned off: the focus starts at the top */ }
  }

  function submitKeepingFocus(select) {
    try {
      window.sessionStorage.setItem('kompass-focus', keyOf(select));
    } catch (e) { /* storage turned off */ }
    select.form.submit();
  }

  // A choice made with the pointer applies at once. One made with the keyboard does not, since each
  // arrow key would reload the page (WCAG 3.2.2): Enter or the form's button applies it.
  function autosubmit(root) {
    root.querySelectorAll('select[data-autosubmit]').forEach(function (select) {
      var byKey = false;
      select.addEventListener('keydown', function (e) {
        byKey = true;
        if (e.keyCode === 13) {
          e.preventDefault();
          submitKeepingFocus(select);
        }
      });
      select.addEventListener('pointerdown', function () { byKey = false; });
      select.addEventListener('change', function () {
        if (!byKey) {
          submitKeepingFocus(select);
        }
      });
    });
  }

  // Live updates: when an import commits, fetch this same address again and put its new main
  // content in place of the old, without reloading the page or losing the reader's place. Only a
  // tab in view listens: a browser keeps six connections per server, and a tab in the background
  // that held one each would leave a seventh page unable to load. A tab that comes back into view
  // listens again, and the server's first event tells it whether data arrived meanwhile.
  function live(main) {
    var url = main.getAttribute('data-live');
    if (!url || !window.EventSource) {
      return;
    }
    var source = null;
    function refresh(event) {
      var version = JSON.parse(event.data).version;
      if (String(version) === main.getAttribute('data-version')) {
        return;
      }
      fetch(window.location.href, { credentials: 'same-origin', headers: { 'Accept': 'text/html' } })
        .then(function (response) { return response.ok ? response.text() : Promise.reject(response.status); })
        .then(function (html) {
          var fresh = new DOMParser().parseFromString(html, 'text/html').querySelector('main');
          if (!fresh) {
            return;
          }
          // The reader's place: what has the focus, and choices not applied yet.
          var focused = main.contains(document.activeElement) ? keyOf(document.activeElement) : null;
          var hadFocus = main.contains(document.activeElement);
          var choices = unsaved(main);
          // Sections the reader opened ("Show as a table", the focus form), by their place on the page.
          var open = Array.prototype.map.call(main.querySelectorAll('details'), function (d) { return d.open; });
          main.innerHTML = fresh.innerHTML;
          main.setAttribute('data-version', fresh.getAttribute('data-version'));
          drawCharts(main);
          autosubmit(main);
          confirmations(main);
          uploadLimit(main);
          shortAddress(main);
          var sections = main.querySelectorAll('details');
          if (sections.length === open.length) {
            open.forEach(function (isOpen, i) {
              sections[i].open = isOpen;
            });
          }
          restore(main, choices, focused);
          // Focus that cannot be put back stays in the content rather than falling to the top of the page.
          if (hadFocus && !main.contains(document.activeElement)) {
            main.setAttribute('tabindex', '-1');
            main.focus({ preventScroll: true });
          }
          var status = document.getElementById('live-status');
          if (status) {
            status.textContent = fresh.getAttribute('data-updated') || '';
          }
        })
        .catch(function () { /* the next event or a reload brings the numbers */ });
    }
    function listen() {
      if (source) {
        return;
      }
      source = new EventSource(url);
      source.addEventListener('version', function (event) {
        main.setAttribute('data-live-open', 'true');
        refresh(event);
      });
      source.addEventListener('data', refresh);
    }
    function stop() {
      if (source) {
        source.close();
        source = null;
        main.removeAttribute('data-live-open');
      }
    }
    document.addEventListener('visibilitychange', function () {
      if (document.hidden) {
        stop();
      } else {
        listen();
      }
    });
    if (!document.hidden) {
      listen();
    }
  }

  // An upload over the server's limit would get the web server's own error page: say so here instead, without sending it.
  function uploadLimit(root) {
    root.querySelectorAll('form[data-max-bytes]').forEach(function (form) {
      form.addEventListener('submit', function (e) {
        var total = 0;
        form.querySelectorAll('input[type=file]').forEach(function (input) {
          Array.prototype.forEach.call(input.files || [], function (f) { total += f.size; });
        });
        var note = form.querySelector('[data-too-large]');
        var tooLarge = total > Number(form.getAttribute('data-max-bytes'));
        note.hidden = !tooLarge;
        if (tooLarge) {
          e.preventDefault();
        }
      });
    });
  }

  // A filter form sends only what makes the view: dates left at their defaults (so that the address, and a bookmark of
  // it, follows today) and filters left at "all" are not sent.
  function shortAddress(root) {
    root.querySelectorAll('form.filters').forEach(function (form) {
      form.addEventListener('submit', function () {
        // An end left at today is left out; a start left at the default only when the end is unchanged too (a start left
        // out is worked out from the end, and would move if the end changed). A filter left at "all" is left out too.
        var from = form.querySelector('input[name=from]');
        var to = form.querySelector('input[name=to]');
        var toKept = to && to.value === to.defaultValue;
        if (to && to.hasAttribute('data-default')) {
          to.disabled = toKept;
        }
        if (from && from.hasAttribute('data-default')) {
          from.disabled = toKept && from.value === from.defaultValue;
        }
        form.querySelectorAll('select[name]').forEach(function (select) {
          if (select.value === '' && select.name !== 'rep') {
            select.disabled = true;
          }
        });
        // Back from the next page, the fields are sent again.
        window.setTimeout(function () {
          form.querySelectorAll('input[data-default], select[name]').forEach(function (input) { input.disabled = false; });
        }, 0);
      });
    });
  }

  // A form that cannot be undone (removing a user, a new password) asks first, in the words the server gave it.
  function confirmations(root) {
    root.querySelectorAll('form[data-confirm]').forEach(function (form) {
      form.addEventListener('submit', function (e) {
        if (!window.confirm(form.getAttribute('data-confirm'))) {
          e.preventDefault();
        }
      });
    });
  }

  function start() {
    var main = document.querySelector('main');
    drawCharts(document);
    autosubmit(document);
    confirmations(document);
    uploadLimit(document);
    shortAddress(document);
    focusAfterReload();
    if (main) {
      live(main);
    }
    window.addEventListener('resize', function () { charts.forEach(function (c) { c.resize(); }); });
  }

  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', start);
  } else {
    start();
  }
}());

// The playground page: polls /playground/feed for what the app sent, and sends what a person does to the
// playground's server, which signs it as Slack would and posts it to the app's /slack/events.
(function () {
  "use strict";
  const people = JSON.parse(document.body.dataset.people);
  const $ = (sel, root) => (root || document).querySelector(sel);
  const state = { user: people[0].id, conv: "dm", tab: "messages", cursor: 0, generation: 0, replaying: true, modals: [] };
  const panes = {};

  function post(path, body) {
    return fetch(path, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(Object.assign({ user: state.user }, body || {})) })
      .then((r) => r.json())
      .then((answer) => { if (answer.status && answer.status >= 400) notice("The app answered HTTP " + answer.status + ".", true); return answer; });
  }

  function pane(conv) {
    if (!panes[conv]) {
      const el = document.createElement("div");
      el.className = "pane";
      el.dataset.conv = conv;
      el.hidden = conv !== state.conv;
      $("#messages").appendChild(el);
      panes[conv] = el;
    }
    return panes[conv];
  }

  function time() {
    const me = people.find((p) => p.id === state.user);
    return new Date().toLocaleTimeString([], { timeZone: me.tz, hour: "2-digit", minute: "2-digit" });
  }

  function addMessage(conv, key, html, ephemeral) {
    const shown = pane(conv).querySelector('.msg[data-key="' + CSS.escape(key) + '"]');
    if (shown) { $(".body", shown).innerHTML = html; return; } // a message is drawn once, as in Slack
    const msg = document.createElement("div");
    msg.className = "msg" + (ephemeral ? " ephemeral" : "");
    msg.dataset.key = key;
    msg.dataset.conv = conv;
    if (ephemeral) msg.dataset.ephemeral = "1";
    msg.innerHTML = '<div class="avatar">🍑</div><div class="content"><div class="who">glutes<small>APP ' + time() + "</small></div>" +
      (ephemeral ? '<div class="only">Only visible to you</div>' : "") + '<div class="body"></div></div>';
    $(".body", msg).innerHTML = html;
    const p = pane(conv);
    p.appendChild(msg);
    if (conv === state.conv) $("#messages").scrollTop = $("#messages").scrollHeight;
  }

  function esc(text) {
    return String(text).replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]);
  }

  let notices = 0; // a key of their own each: two notices in one millisecond are still two messages
  function notice(html, failure) {
    notices += 1;
    addMessage(state.conv, "notice-" + notices, (failure ? '<span class="failure">' : "<span>") + html + "</span>", true);
  }

  function apply(ev) {
    if (ev.op === "post") addMessage(ev.conv, ev.key, ev.html, ev.ephemeral);
    else if (ev.op === "update" || ev.op === "delete") {
      const msg = pane(ev.conv).querySelector('.msg[data-key="' + CSS.escape(ev.key) + '"]');
      if (!msg) return;
      if (ev.op === "delete") msg.remove(); else $(".body", msg).innerHTML = ev.html;
    } else if (ev.op === "home") $("#home").innerHTML = ev.html;
    else if (state.replaying) return; // modals from before this person was picked are long closed
    else if (ev.op === "modal_open") { state.modals = [{ view: ev.view, html: ev.html }]; showModal(); }
    else if (ev.op === "modal_push") { state.modals.push({ view: ev.view, html: ev.html }); showModal(); }
    else if (ev.op === "modal_update") {
      const at = state.modals.findIndex((m) => m.view.id === ev.view.id);
      if (at >= 0) { state.modals[at] = { view: ev.view, html: ev.html }; showModal(); }
    }
  }

  function showModal() {
    const top = state.modals[state.modals.length - 1];
    $("#overlay").hidden = !top;
    $("#modal-host").innerHTML = top ? top.html : "";
  }

  // One chain of polls per person picked: a timer set before a switch must not start a second chain in
  // the new generation (two chains fetching the same cursor draw every message twice).
  function poll(generation) {
    if (generation !== state.generation) return;
    fetch("/playground/feed?user=" + encodeURIComponent(state.user) + "&since=" + state.cursor)
      .then((r) => r.json())
      .then((feed) => {
        if (generation !== state.generation) return;
        if (feed.cursor < state.cursor) { switchTo(state.user); return; } // reset elsewhere: start over
        feed.events.forEach(apply);
        state.cursor = feed.cursor;
        state.replaying = false;
        const me = feed.people[state.user] || {};
        state.offsetDays = feed.offset_days || 0; // the app's clock, as moved by "A day/week ahead"
        $("#dnd").checked = !!me.dnd;
        $("#status").checked = !!me.status;
        $("#huddle").checked = !!me.huddle;
      })
      .catch((error) => console.error("playground feed:", error))
      .finally(() => { if (generation === state.generation) setTimeout(() => poll(generation), 500); });
  }

  function switchTo(user) {
    state.user = user; state.cursor = 0; state.generation += 1; state.replaying = true; state.modals = [];
    showModal();
    Object.keys(panes).forEach((k) => { panes[k].remove(); delete panes[k]; });
    $("#home").innerHTML = '<p class="empty">Opening the Home tab…</p>';
    $("#person").value = user;
    tick();
    showConv(state.conv);
    if (state.tab === "home") post("/playground/home");
    poll(state.generation);
  }

  function showConv(conv) {
    state.conv = conv;
    document.querySelectorAll(".conv").forEach((a) => a.classList.toggle("active", a.dataset.conv === conv));
    pane(conv);
    Object.values(panes).forEach((p) => { p.hidden = p.dataset.conv !== conv; });
    $("#tabs").hidden = conv !== "dm";
    $("#messages").scrollTop = $("#messages").scrollHeight;
    const link = document.querySelector('.conv[data-conv="' + conv + '"]');
    $("#conv-title").textContent = link ? link.textContent : conv;
    showTab(conv === "dm" ? state.tab : "messages");
  }

  function showTab(tab) {
    if (state.conv === "dm") state.tab = tab;
    $("#home").hidden = tab !== "home";
    $("#messages").hidden = tab === "home";
    $("#composer").hidden = tab === "home";
    $("#tab-home").classList.toggle("active", tab === "home");
    $("#tab-messages").classList.toggle("active", tab !== "home");
  }

  function option(el) {
    const chosen = el.options[el.selectedIndex];
    return { value: chosen.value, text: { type: "plain_text", text: chosen.textContent } };
  }

  function valueOf(el) {
    const base = { type: el.dataset.type, action_id: el.dataset.actionId, block_id: el.dataset.blockId };
    const type = el.dataset.type;
    if (type === "button") return Object.assign(base, { value: el.dataset.value, text: { type: "plain_text", text: el.textContent } });
    if (type === "static_select" || type === "overflow") return Object.assign(base, { selected_option: el.value ? option(el) : null });
    if (type === "conversations_select") return Object.assign(base, { selected_conversation: el.value || null });
    if (type === "channels_select") return Object.assign(base, { selected_channel: el.value || null });
    if (type === "users_select") return Object.assign(base, { selected_user: el.value || null });
    if (type === "plain_text_input") return Object.assign(base, { value: el.value || null });
    if (type.indexOf("multi_") === 0) {
      const values = Array.from(el.selectedOptions).map((o) => o.value);
      if (type === "multi_users_select") return Object.assign(base, { selected_users: values });
      if (type === "multi_conversations_select") return Object.assign(base, { selected_conversations: values });
      if (type === "multi_channels_select") return Object.assign(base, { selected_channels: values });
      return Object.assign(base, { selected_options: Array.from(el.selectedOptions).map((o) => ({ value: o.value, text: { type: "plain_text", text: o.textContent } })) });
    }
    const picked = Array.from(el.querySelectorAll("input:checked")).map((i) => ({ value: i.value, text: { type: "plain_text", text: i.parentElement.textContent.trim() } }));
    if (type === "checkboxes") return Object.assign(base, { selected_options: picked });
    if (type === "radio_buttons") return Object.assign(base, { selected_option: picked[0] || null });
    return base;
  }

  function collectState(root) {
    const values = {};
    root.querySelectorAll("[data-action-id][data-type]").forEach((el) => {
      if (el.dataset.type === "button") return;
      const v = valueOf(el);
      values[v.block_id] = values[v.block_id] || {};
      const entry = Object.assign({}, v);
      delete entry.action_id; delete entry.block_id;
      values[v.block_id][v.action_id] = entry;
    });
    return values;
  }

  function act(el) {
    const action = valueOf(el);
    const modal = el.closest(".bk-modal");
    if (modal) {
      const top = state.modals[state.modals.length - 1];
      return post("/playground/action", { action: action, view: top.view, state: collectState(modal) });
    }
    if (el.closest("#home")) return post("/playground/action", { action: action, surface: "home", state: collectState($("#home")) });
    const msg = el.closest(".msg");
    if (!msg) return null;
    return post("/playground/action", { action: action, conv: msg.dataset.conv, ts: msg.dataset.key, ephemeral: !!msg.dataset.ephemeral, state: collectState(msg) })
      .then((answer) => (answer.events || []).forEach(apply));
  }

  function showErrors(errors) {
    const host = $("#modal-host");
    host.querySelectorAll(".bk-error").forEach((e) => e.remove());
    Object.keys(errors).forEach((blockId) => {
      const block = host.querySelector('.bk-input-block[data-block-id="' + CSS.escape(blockId) + '"]');
      if (!block) { notice("The app flagged a field the modal does not have: " + blockId, true); return; }
      const error = document.createElement("div");
      error.className = "bk-error";
      error.textContent = errors[blockId];
      block.appendChild(error);
    });
  }

  function filled(v) {
    const chosen = v.value || v.selected_option || v.selected_conversation || v.selected_channel || v.selected_user;
    const many = v.selected_options || v.selected_users || v.selected_conversations || v.selected_channels;
    return !!chosen || (many && many.length > 0);
  }

  function submit() {
    const top = state.modals[state.modals.length - 1];
    // Slack's client refuses to submit a required field left empty, before the app hears of it.
    const missing = {};
    $("#modal-host").querySelectorAll(".bk-input-block:not([data-optional])").forEach((block) => {
      const el = block.querySelector("[data-action-id][data-type]");
      if (el && !filled(valueOf(el))) missing[block.dataset.blockId] = "Please fill out this field.";
    });
    if (Object.keys(missing).length) { showErrors(missing); return; }
    post("/playground/submit", { view: top.view, state: collectState($("#modal-host")) }).then((answer) => {
      if (answer.action === "update") state.modals[state.modals.length - 1] = answer.shown;
      else if (answer.action === "push") state.modals.push(answer.shown);
      else if (answer.action === "errors") { showErrors(answer.errors || {}); return; } // typed values stay, as in Slack
      else if (answer.action === "clear") state.modals = [];
      else if (answer.status < 400) state.modals.pop();
      showModal();
    });
  }

  document.addEventListener("click", (e) => {
    const target = e.target.closest("button, a");
    if (!target) return;
    if (target.matches(".conv")) { e.preventDefault(); showConv(target.dataset.conv); return; }
    if (target.dataset.tab) { e.preventDefault(); showTab(target.dataset.tab); if (target.dataset.tab === "home") post("/playground/home"); return; }
    if (target.matches(".bk-submit")) { submit(); return; }
    if (target.matches(".bk-close")) { state.modals.pop(); showModal(); return; }
    if (target.matches(".bk-button[data-action-id]")) {
      if (target.dataset.url) window.open(target.dataset.url, "_blank", "noopener");
      const confirm = target.dataset.confirm ? JSON.parse(target.dataset.confirm) : null;
      if (confirm && !window.confirm([confirm.title && confirm.title.text, confirm.text && confirm.text.text].filter(Boolean).join("\n\n"))) return;
      act(target);
    }
  });

  document.addEventListener("change", (e) => {
    const el = e.target.closest("[data-action-id][data-type]");
    if (!el || el.dataset.type === "button" || el.dataset.type === "plain_text_input") return;
    const input = el.closest(".bk-input-block");
    if (input && !input.dataset.dispatch) return; // read at Submit, as Slack does
    act(el);
  });

  $("#composer").addEventListener("submit", (e) => {
    e.preventDefault();
    const text = $("#message").value.trim();
    if (!text) return;
    $("#message").value = "";
    post("/playground/command", { conv: state.conv, text: text }).then((answer) => (answer.events || []).forEach(apply));
  });
  $("#person").addEventListener("change", (e) => switchTo(e.target.value));
  $("#skip").addEventListener("click", () => post("/playground/skip").then((a) => notice(a.moved ? "Your next break is due now: the card is on its way." : "No break to bring forward: type <code>/glutes on</code> first (or <code>/glutes resume</code>).")));
  $("#picture").addEventListener("click", () => post("/playground/picture").then((a) => notice(a.sent ? (a.seeded ? `Added ${a.seeded} practice Dones over four weeks; your weekly picture is on its way.` : "Your weekly picture is on its way.") : "Type <code>/glutes on</code> first: the weekly picture comes to people with breaks on.")));
  $("#run-step").addEventListener("click", () => post("/playground/workflow", { step: $("#step").value }).then((a) => {
    if (!a.ended) { notice("The workflow step did not end in time.", true); return; }
    const said = a.ended === "completed"
      ? Object.entries(a.outputs || {}).map(([k, v]) => "<code>" + esc(k) + "</code> = " + esc(String(v))).join(", ")
      : esc(a.error || "");
    notice("Workflow step <b>" + esc(a.step) + "</b> " + a.ended + (said ? ": " + said : "."), a.ended !== "completed");
  }));
  $("#dnd").addEventListener("change", (e) => post("/playground/person", { dnd: e.target.checked }));
  $("#status").addEventListener("change", (e) => post("/playground/person", { status: e.target.checked }));
  $("#meeting30").addEventListener("click", () => post("/playground/person", { status: true, status_seconds: 30 }).then(() => notice("In a meeting for 30 s: a card that falls due is held, and arrives as the meeting ends.")));
  $("#huddle").addEventListener("change", (e) => post("/playground/person", { huddle: e.target.checked }));
  const ahead = (days) => post("/playground/ahead", { days: days }).then((a) => {
    state.offsetDays = a.offset_days;
    notice(`${days === 7 ? "A week" : "A day"} later (${a.offset_days} days ahead of real time): a break that fell due meanwhile arrives at the next tick. Done on 5 different work days (or "Too easy" twice) brings the offer of the next level.`);
  });
  $("#day-ahead").addEventListener("click", () => ahead(1));
  $("#week-ahead").addEventListener("click", () => ahead(7));
  $("#reset").addEventListener("click", () => { if (window.confirm("Forget everyone's breaks, counts and messages?")) post("/playground/reset").then(() => { state.offsetDays = 0; switchTo(state.user); }); });

  function tick() {
    // The app's clock runs ahead by the time control's offset; the page's clocks show the app's time.
    const appNow = new Date(Date.now() + (state.offsetDays || 0) * 86400000);
    const fmt = (tz) => appNow.toLocaleString([], { timeZone: tz, weekday: "short", hour: "2-digit", minute: "2-digit", second: "2-digit" });
    const me = people.find((p) => p.id === state.user);
    $("#clock").textContent = me.name + "'s time: " + fmt(me.tz);
    $("#clocks").innerHTML = people.map((p) => "<div>" + p.name + " · " + p.tz + " · " + fmt(p.tz) + "</div>").join("");
  }
  setInterval(tick, 1000);
  tick();
  switchTo(people[0].id);
})();

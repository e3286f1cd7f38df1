// Award entry editor: live word counts and autosave, added to a form that works
// without JavaScript (it posts to the same page). CSP-safe: no inline script,
// no HTML built from text.
//
// Nothing typed is lost:
// - every change is kept in this browser's localStorage until the server
//   confirms it has saved exactly that text;
// - a save refused because the sign-in expired (401) keeps the text and offers
//   a sign-in in a new tab; when the person comes back (focus, or the signed-in
//   page tells us through a storage event) we fetch a fresh CSRF token (signing
//   in rotates it) and save;
// - on load, text left on this device that the server does not have is put
//   back (or offered, if the entry has been saved since by someone else).
import { countWords } from "./word-count.mjs";

const SAVE_DELAY_MS = 1500;
const RETRY_MS = 8000;
const ANNOUNCE_DELAY_MS = 1200;
const TEXT_FIELDS = ["title", "summary", "scanning", "analysis", "response", "assessment"];
const SARA = ["scanning", "analysis", "response", "assessment"];

const numberFormat = new Intl.NumberFormat("en-GB");
const n = (value) => numberFormat.format(value);

class EntryEditor {
  constructor(form) {
    this.form = form;
    this.url = form.dataset.autosaveUrl;
    this.limit = Number(form.dataset.wordLimit);
    this.summaryLimit = Number(form.dataset.summaryLimit);
    this.key = `pop-awards-entry-${form.dataset.entryId}-${form.dataset.userId}`;
    this.versionInput = form.querySelector('input[name="version"]');
    this.tokenInput = form.querySelector('input[name="csrfmiddlewaretoken"]');
    this.version = Number(this.versionInput.value || 0);
    this.status = document.querySelector("[data-save-status]");
    this.statusCopy = document.querySelector("[data-save-status-copy]");
    this.live = document.querySelector("[data-word-budget-live]");
    this.timer = null;
    this.retry = null;
    this.announceTimer = null;
    this.inFlight = false;
    this.again = false;
    this.dirty = false;
    this.overwrite = false;
    this.needsToken = false;
    this.serverCopy = JSON.stringify(this.collect());
  }

  start() {
    this.form.addEventListener("input", () => this.changed());
    this.form.addEventListener("change", () => this.changed());
    this.form.addEventListener("submit", () => window.clearTimeout(this.timer));
    window.addEventListener("online", () => this.resume());
    window.addEventListener("focus", () => this.dirty && this.resume());
    window.addEventListener("storage", (event) => {
      if (event.key === "pop-signed-in" && this.dirty) {
        this.resume();
      }
    });
    document.addEventListener("visibilitychange", () => {
      if (this.dirty) {
        this.resume();
      }
    });
    this.updateCounts(false);
    this.offerLocalDraft();
  }

  field(name) {
    return this.form.querySelector(`[name="${name}"]`);
  }

  collect() {
    const values = {};
    for (const name of TEXT_FIELDS) {
      values[name] = this.field(name).value;
    }
    const category = this.form.querySelector('input[name="category"]:checked');
    values.category = category ? category.value : "";
    values.partners = Array.from(
      this.form.querySelectorAll('input[name="partners"]:checked'),
      (input) => input.value,
    ).sort();
    return values;
  }

  apply(values) {
    for (const name of TEXT_FIELDS) {
      if (typeof values[name] === "string") {
        this.field(name).value = values[name];
      }
    }
    for (const input of this.form.querySelectorAll('input[name="category"]')) {
      input.checked = input.value === values.category;
    }
    const partners = new Set(values.partners || []);
    for (const input of this.form.querySelectorAll('input[name="partners"]')) {
      input.checked = partners.has(input.value);
    }
    this.updateCounts(true);
  }

  // --- this device's copy --------------------------------------------------

  readLocal() {
    try {
      return JSON.parse(window.localStorage.getItem(this.key) || "null");
    } catch {
      return null;
    }
  }

  storeLocal() {
    try {
      window.localStorage.setItem(
        this.key,
        JSON.stringify({ values: this.collect(), base: this.version, at: Date.now() }),
      );
    } catch {
      // Storage full or switched off: the server save is still tried.
    }
  }

  clearLocal() {
    try {
      window.localStorage.removeItem(this.key);
    } catch {
      // Nothing to clear.
    }
  }

  offerLocalDraft() {
    const draft = this.readLocal();
    if (!draft || !draft.values) {
      return;
    }
    if (JSON.stringify(draft.values) === this.serverCopy) {
      this.clearLocal();
      return;
    }
    if (draft.base === this.version) {
      // Nobody has saved since this text was typed: put it back and save it.
      this.apply(draft.values);
      this.dirty = true;
      this.setStatus("Text you typed on this device had not been saved. It is back in the form and is being saved now.");
      this.saveSoon(0);
      return;
    }
    const banner = document.querySelector("[data-local-draft]");
    if (!banner) {
      return;
    }
    const when = new Date(draft.at).toLocaleTimeString("en-GB", { hour: "2-digit", minute: "2-digit" });
    banner.querySelector("[data-local-draft-text]").textContent =
      `This device holds text for this entry typed at ${when} that was not saved, and the entry has been saved since. Put it back to replace the saved text, or discard it.`;
    banner.hidden = false;
    banner.querySelector("[data-local-draft-restore]").addEventListener("click", () => {
      this.apply(draft.values);
      banner.hidden = true;
      this.overwrite = true;
      this.dirty = true;
      this.save();
    });
    banner.querySelector("[data-local-draft-discard]").addEventListener("click", () => {
      this.clearLocal();
      banner.hidden = true;
    });
  }

  // --- saving ---------------------------------------------------------------

  changed() {
    this.dirty = true;
    this.storeLocal();
    this.updateCounts(true);
    this.saveSoon(SAVE_DELAY_MS);
  }

  saveSoon(delay) {
    window.clearTimeout(this.timer);
    this.timer = window.setTimeout(() => this.save(), delay);
  }

  retryLater() {
    window.clearTimeout(this.retry);
    this.retry = window.setTimeout(() => this.resume(), RETRY_MS);
  }

  async resume() {
    if (this.needsToken && !(await this.refreshToken())) {
      return;
    }
    this.save();
  }

  async refreshToken() {
    let response;
    try {
      response = await fetch(this.url, {
        credentials: "same-origin",
        headers: { Accept: "application/json" },
        cache: "no-store",
      });
    } catch {
      this.offline();
      return false;
    }
    const data = await response.json().catch(() => null);
    if (response.status === 401) {
      this.signedOut(data);
      return false;
    }
    if (!response.ok || !data) {
      this.retryLater();
      return false;
    }
    this.tokenInput.value = data.csrf_token;
    this.needsToken = false;
    return true;
  }

  async save() {
    if (this.inFlight) {
      this.again = true;
      return;
    }
    const values = this.collect();
    const snapshot = JSON.stringify(values);
    if (snapshot === this.serverCopy && !this.overwrite) {
      this.dirty = false;
      this.clearLocal();
      return;
    }
    this.inFlight = true;
    let response;
    try {
      response = await fetch(this.url, {
        method: "POST",
        credentials: "same-origin",
        headers: {
          "Content-Type": "application/json",
          Accept: "application/json",
          "X-CSRFToken": this.tokenInput.value,
        },
        body: JSON.stringify({ ...values, version: this.version, overwrite: this.overwrite }),
      });
    } catch {
      this.inFlight = false;
      this.offline();
      return;
    }
    this.inFlight = false;
    const data = await response.json().catch(() => null);
    if (response.ok && data && data.ok) {
      this.version = data.version;
      this.versionInput.value = String(data.version);
      this.serverCopy = snapshot;
      this.overwrite = false;
      this.needsToken = false;
      window.clearTimeout(this.retry);
      this.setStatus(data.saved_text);
      if (JSON.stringify(this.collect()) === snapshot) {
        this.dirty = false;
        this.clearLocal();
      } else {
        this.storeLocal();
        this.saveSoon(SAVE_DELAY_MS);
      }
    } else if (response.status === 401) {
      this.signedOut(data);
    } else if (response.status === 403) {
      // The CSRF token no longer matches (signing in again changes it).
      this.needsToken = true;
      this.resume();
      return;
    } else if (response.status === 409) {
      this.conflict(data);
    } else {
      const message = data && data.message ? data.message : "the portal did not answer";
      this.setStatus(`Not saved: ${message} Your text is kept on this device.`, { error: true });
      this.retryLater();
    }
    if (this.again) {
      this.again = false;
      this.saveSoon(0);
    }
  }

  offline() {
    this.setStatus(
      "Not saved: the portal cannot be reached. Your text is kept on this device and will be saved when the connection is back.",
      { error: true },
    );
    this.retryLater();
  }

  signedOut(data) {
    this.needsToken = true;
    const href = data && data.login_url ? data.login_url : "/accounts/login/";
    this.setStatus(
      "You have been signed out, so your latest changes are not saved yet. They are kept on this device.",
      { error: true, link: { href, text: "Sign in again (opens in a new tab)", after: " and they will be saved." } },
    );
    this.retryLater();
  }

  conflict(data) {
    const message = data && data.message ? data.message : "Someone else saved this entry.";
    this.setStatus(`${message} Your text is kept on this device.`, {
      error: true,
      button: {
        text: "Save my text over theirs",
        onClick: () => {
          this.overwrite = true;
          this.save();
        },
      },
    });
  }

  setStatus(text, options = {}) {
    for (const element of [this.status, this.statusCopy]) {
      if (!element) {
        continue;
      }
      element.replaceChildren(document.createTextNode(`${text} `));
      element.classList.toggle("govuk-error-message", Boolean(options.error));
      if (options.link) {
        const link = document.createElement("a");
        link.className = "govuk-link";
        link.href = options.link.href;
        link.target = "_blank";
        link.rel = "noopener";
        link.textContent = options.link.text;
        element.append(link, document.createTextNode(options.link.after));
      }
      if (options.button && element === this.status) {
        const button = document.createElement("button");
        button.type = "button";
        button.className = "govuk-button govuk-button--secondary govuk-!-margin-bottom-0 govuk-!-margin-left-2";
        button.textContent = options.button.text;
        button.addEventListener("click", options.button.onClick);
        element.append(button);
      }
    }
  }

  // --- counting ---------------------------------------------------------------

  updateCounts(announce) {
    let total = 0;
    for (const name of SARA) {
      const field = this.field(name);
      const words = countWords(field.value);
      total += words;
      const counter = document.querySelector(`[data-counter-for="${field.id}"]`);
      if (counter) {
        counter.textContent = `${n(words)} word${words === 1 ? "" : "s"}`;
      }
    }
    const summary = this.field("summary");
    const summaryWords = countWords(summary.value);
    const summaryCounter = document.querySelector(`[data-counter-for="${summary.id}"]`);
    if (summaryCounter) {
      summaryCounter.textContent = `${n(summaryWords)} of ${n(this.summaryLimit)} words`;
      summaryCounter.classList.toggle("govuk-error-message", summaryWords > this.summaryLimit);
    }
    const budget = document.querySelector("[data-word-budget]");
    const over = total - this.limit;
    const text =
      over > 0
        ? `${n(total)} of ${n(this.limit)} words: ${n(over)} too many`
        : `${n(total)} of ${n(this.limit)} words used, ${n(this.limit - total)} left`;
    if (budget) {
      budget.textContent = text;
      budget.classList.toggle("govuk-error-message", over > 0);
      budget.classList.toggle("govuk-hint", over <= 0);
    }
    if (announce && this.live) {
      window.clearTimeout(this.announceTimer);
      this.announceTimer = window.setTimeout(() => {
        this.live.textContent = text;
      }, ANNOUNCE_DELAY_MS);
    }
  }
}

const form = document.querySelector("[data-entry-editor]");
if (form) {
  new EntryEditor(form).start();
}

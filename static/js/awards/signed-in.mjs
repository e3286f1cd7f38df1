// Tells the entry editor in other tabs that the person has signed in again, so
// the text it kept on this device is saved at once (see entry-editor.mjs).
try {
  window.localStorage.setItem("pop-signed-in", String(Date.now()));
} catch {
  // Storage switched off: the editor retries on its own.
}

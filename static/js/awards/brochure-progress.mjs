// The brochure page while a build runs: ask the server how far it has got every two
// seconds, show it in the progress bar and the status line (announced politely), and
// reload the page when the build is done, so the download appears. Without JavaScript
// the page has a "check progress" link.
const region = document.querySelector("[data-brochure-status]");

if (region && region.dataset.inProgress === "true") {
  const url = region.dataset.brochureStatus;
  const bar = region.querySelector("progress");
  const step = region.querySelector("[data-step]");
  const label = region.querySelector("[data-status-label]");
  let failures = 0;

  const show = (data) => {
    if (bar) {
      bar.value = data.percent;
      bar.textContent = `${data.percent}%`;
    }
    if (step && data.step) step.textContent = `${data.percent}%: ${data.step}`;
    if (label && data.label) label.textContent = data.label;
  };

  const poll = async () => {
    try {
      const response = await fetch(url, {
        headers: { Accept: "application/json" },
        credentials: "same-origin",
        cache: "no-store",
      });
      if (response.ok) {
        failures = 0;
        const data = await response.json();
        show(data);
        if (data.status === "ready" || data.status === "failed") {
          window.location.reload();
          return;
        }
      } else {
        failures += 1;
      }
    } catch {
      failures += 1;
    }
    // Back off if the server keeps failing; the "check progress" link still works.
    if (failures < 10) window.setTimeout(poll, 2000 * (1 + failures));
  };

  window.setTimeout(poll, 1500);
}

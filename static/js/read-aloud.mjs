// "Read aloud" for easy-read pages, using the browser's own voices.
// A button appears beside each idea only when the browser has a voice for
// the page's language; without one, nothing is shown (no broken buttons).
const synth = window.speechSynthesis;

function voiceFor(lang) {
  const voices = synth.getVoices();
  const base = lang.toLowerCase().split("-")[0];
  return (
    voices.find((v) => v.lang && v.lang.toLowerCase() === lang.toLowerCase()) ||
    voices.find((v) => v.lang && v.lang.toLowerCase().startsWith(base))
  );
}

function say(text, lang) {
  synth.cancel();
  const utterance = new SpeechSynthesisUtterance(text);
  utterance.lang = lang;
  const voice = voiceFor(lang);
  if (voice) utterance.voice = voice;
  synth.speak(utterance);
}

function addButtons() {
  const root = document.querySelector(".easy-read");
  if (!root || !synth) return;
  const lang = root.getAttribute("lang") || document.documentElement.lang || "en-GB";
  if (!voiceFor(lang)) return;
  root.querySelectorAll(".easy-read__row").forEach((row) => {
    const words = row.querySelector(".easy-read__text");
    if (!words || row.querySelector(".app-read-aloud")) return;
    const text = words.textContent.trim();
    const button = document.createElement("button");
    button.type = "button";
    button.className = "govuk-button govuk-button--secondary app-read-aloud";
    button.textContent = "Read aloud";
    button.setAttribute("aria-label", `Read aloud: ${text}`);
    button.addEventListener("click", () => say(text, lang));
    words.append(" ", button);
  });
  // A member who needs things read aloud gets one button for the whole page.
  if (root.hasAttribute("data-read-all") && !root.querySelector(".app-read-all")) {
    const all = [...root.querySelectorAll(".easy-read__text")]
      .map((el) => {
        const copy = el.cloneNode(true);
        copy.querySelectorAll("button").forEach((b) => b.remove());
        return copy.textContent.trim();
      })
      .filter(Boolean)
      .join(" ");
    const button = document.createElement("button");
    button.type = "button";
    button.className = "govuk-button app-read-all";
    button.textContent = "Read all of this page to me";
    button.addEventListener("click", () => say(all, lang));
    root.prepend(button);
  }
}

if (synth) {
  addButtons();
  synth.addEventListener?.("voiceschanged", addButtons);
}

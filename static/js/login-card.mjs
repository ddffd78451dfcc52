// The login card's QR code opens /card/#<code>. Browsers never send the part
// after "#" to the server, so the code stays out of every address that the
// server, a proxy or a log sees. Here it is read, taken out of the address
// bar (and so out of the browser's history), and sent in the page's form
// by POST. Without JavaScript the member types the code into the same form.
function sendCodeFromAddress() {
  let after = "";
  try {
    after = decodeURIComponent(window.location.hash.slice(1));
  } catch {
    return;
  }
  // A link within the page, such as "Skip to main content", is not a code.
  if (!after || document.getElementById(after)) return;
  const code = after.replace(/[\s-]/g, "");
  if (!/^[0-9A-Za-z]{16,64}$/.test(code)) return;
  history.replaceState(null, "", window.location.pathname + window.location.search);
  const form = document.querySelector("form[data-login-card]");
  if (form) {
    form.elements.code.value = code;
    form.submit();
  }
}

sendCodeFromAddress();
// Scanning a card while this page is already open changes only the "#" part.
window.addEventListener("hashchange", sendCodeFromAddress);

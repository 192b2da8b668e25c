// Waits for the portal to answer GET /health with 200 "ok", so the tests can
// be started together with the server (as `cargo leptos end-to-end` does).
// Gives up after E2E_WAIT_SECONDS (default 120) with a clear message.

export default async function globalSetup() {
  const baseUrl = process.env.BASE_URL || 'http://127.0.0.1:3000';
  const url = new URL('/health', baseUrl).toString();
  const waitSeconds = Number(process.env.E2E_WAIT_SECONDS || 120);
  const deadline = Date.now() + waitSeconds * 1000;
  let lastProblem = 'no answer yet';
  while (Date.now() < deadline) {
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(2000) });
      const body = (await response.text()).trim();
      if (response.ok && body.startsWith('ok')) return;
      lastProblem = `HTTP ${response.status}: ${body.slice(0, 80)}`;
    } catch (error) {
      lastProblem = error.cause?.code || error.message;
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(
    `The portal did not become ready at ${url} within ${waitSeconds}s (${lastProblem}). ` +
      'Start it first, or set BASE_URL to where it runs.',
  );
}

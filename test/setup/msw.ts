import { afterAll, afterEach } from "vitest";
import { resetGeminiMock } from "../mocks/gemini";
import { resetResendMock } from "../mocks/resend";
import { resetAdminMocks } from "../mocks/shopify-admin";
import { isLoopback, mockServer } from "../mocks/server";

// Installed before any app module loads: the Shopify library captures `fetch` when it is imported.
mockServer.listen({
  onUnhandledRequest(request, print) {
    if (isLoopback(request.url)) return;
    print.error();
  },
});

afterEach(() => {
  mockServer.resetHandlers();
  resetAdminMocks();
  resetResendMock();
  resetGeminiMock();
});

afterAll(() => mockServer.close());

import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { BrowserRouter } from "react-router";
import { App } from "./App";
import { startEarlySearch } from "./lib/search-request";
import { SessionProvider } from "./session";
import "./styles/base.css";
import "./styles/layout.css";
import "./styles/search.css";
import "./styles/pages.css";

const root = document.getElementById("root");
if (root) {
  startEarlySearch(window.location);
  createRoot(root).render(
    <StrictMode>
      <SessionProvider>
        <BrowserRouter>
          <App />
        </BrowserRouter>
      </SessionProvider>
    </StrictMode>,
  );
}

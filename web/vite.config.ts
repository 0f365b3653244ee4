import react from "@vitejs/plugin-react";
import { defaultClientConditions, defineConfig } from "vite";

// The generated API package exports its TypeScript sources under the "source"
// condition, so the web app builds without a separate build of gen/.
export default defineConfig({
  plugins: [react()],
  resolve: { conditions: ["source", ...defaultClientConditions] },
  server: {
    proxy: { "/eventkit.v1.": { target: "http://127.0.0.1:8080", changeOrigin: false } },
  },
  build: { outDir: "dist", emptyOutDir: true },
});

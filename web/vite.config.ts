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
  build: {
    outDir: "dist",
    emptyOutDir: true,
    // Libraries change less often than the app: a separate chunk stays cached across releases.
    // The vendor chunk is ~800 kB (230 kB gzipped), mostly react-dom and Mantine.
    chunkSizeWarningLimit: 1000,
    rolldownOptions: {
      // zxing-wasm (the camera's fallback decoder) stays in its own chunk, loaded only when a camera needs it.
      output: { codeSplitting: { groups: [{ name: "vendor", test: /[\\/]node_modules[\\/](?!zxing-wasm[\\/])/ }] } },
    },
  },
});

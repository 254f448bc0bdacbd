# One image for both processes: `node dist/apps/api/src/main.js` or `node dist/apps/worker/src/main.js`
# (docker-compose.yml); `node dist/scripts/healthcheck.js api|worker` checks either.
FROM node:22-bookworm-slim AS build
WORKDIR /app
# The image needs neither the Temporal CLI (Temporal runs as its own service) nor a browser (tests only).
ENV GIAOVIEC_SKIP_TEMPORAL_CLI=1 GIAOVIEC_SKIP_BROWSER=1
COPY package.json package-lock.json ./
COPY scripts/postinstall.js scripts/
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build && npm prune --omit=dev

FROM node:22-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY --from=build /app/package.json ./
COPY --from=build /app/data ./data
USER node
EXPOSE 3000
CMD ["node", "--enable-source-maps", "dist/apps/api/src/main.js"]

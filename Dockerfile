# wolfden as a container: a static binary (CGO_ENABLED=0; SQLite is pure
# Go) on a minimal base with no shell and no curl, so the HEALTHCHECK is
# the binary's own "wolfden health".
#
#   docker build --build-arg VERSION=v1.2.3 -t wolfden .
#   docker run -p 8080:8080 -v wolfden-data:/data -e WOLFDEN_ADMIN_TOKEN=... wolfden
#
# Settings come from WOLFDEN_* variables (or a --config file): set the
# port with WOLFDEN_ADDR rather than --addr, so that the health check,
# which reads the same variable, follows it.

FROM golang:1.26 AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
ARG VERSION=dev
RUN CGO_ENABLED=0 go build -trimpath \
      -ldflags "-s -w -X github.com/wolfden/wolfden/internal/buildinfo.version=${VERSION}" \
      -o /out/wolfden ./cmd/wolfden \
 && mkdir -p /out/data

FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/wolfden /usr/local/bin/wolfden
COPY --from=build --chown=nonroot:nonroot /out/data /data
WORKDIR /data
ENV WOLFDEN_ADDR=0.0.0.0:8080 \
    WOLFDEN_DB=/data/wolfden.db
EXPOSE 8080
VOLUME /data
HEALTHCHECK --interval=10s --timeout=5s --start-period=15s --retries=3 \
  CMD ["/usr/local/bin/wolfden", "health"]
ENTRYPOINT ["/usr/local/bin/wolfden"]
CMD ["serve"]

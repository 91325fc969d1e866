# Builds the tailor binary and runs "tailor serve" as a non-root user.
# docker-compose.yml starts it next to a Neo4j container.

FROM golang:1.26 AS build
WORKDIR /src

COPY go.mod go.sum ./
RUN go mod download

COPY . .
RUN CGO_ENABLED=0 go build -trimpath -ldflags="-s -w" -o /out/tailor ./cmd/tailor

# The static distroless image has CA certificates and a "nonroot" user
# (uid 65532) but no shell.
FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/tailor /usr/local/bin/tailor
USER nonroot:nonroot
EXPOSE 8080
ENTRYPOINT ["/usr/local/bin/tailor"]
CMD ["serve", "--addr", "0.0.0.0:8080"]

# Build with the package lists of scripts/install-deps.sh (both stages run that very script), run on
# bookworm-slim as a non-root user. scripts/check-image-root.sh proves the runtime stage without a
# Docker engine: a debootstrapped bookworm root with the same runtime packages, the binary run inside.
FROM debian:bookworm AS build
WORKDIR /src
COPY scripts/install-deps.sh scripts/install-deps.sh
RUN scripts/install-deps.sh && rm -rf /var/lib/apt/lists/*
COPY . .
RUN cmake -S . -B /build -DCMAKE_BUILD_TYPE=Release -DLECTER_BUILD_TESTS=OFF -DLECTER_BUILD_BENCH=OFF \
 && cmake --build /build -j2 --target lecter \
 && strip /build/lecter

FROM debian:bookworm-slim
COPY scripts/install-deps.sh /tmp/install-deps.sh
RUN /tmp/install-deps.sh --runtime-only \
 && rm -rf /var/lib/apt/lists/* /tmp/install-deps.sh \
 && groupadd --gid 10001 lecter \
 && useradd --uid 10001 --gid 10001 --no-create-home --shell /usr/sbin/nologin lecter
COPY --from=build /build/lecter /usr/local/bin/lecter
# The config deploy/base ships as its ConfigMap: no url, token or CA, so that in a pod lecter uses the
# service account. Mount your own over /etc/lecter (deploy/base does); lecter reloads it when it
# changes, so no signal (and no `kill` in the image) is needed.
COPY deploy/base/config.yaml /etc/lecter/config.yaml
USER 10001:10001
ENTRYPOINT ["/usr/local/bin/lecter"]
CMD ["-f", "/etc/lecter/config.yaml"]

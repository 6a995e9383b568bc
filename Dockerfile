# Build with the same package lists as scripts/install-deps.sh (the stage runs that very script),
# run on bookworm-slim as a non-root user.
FROM debian:bookworm AS build
WORKDIR /src
COPY scripts/install-deps.sh scripts/install-deps.sh
RUN scripts/install-deps.sh && rm -rf /var/lib/apt/lists/*
COPY . .
RUN cmake -S . -B /build -DCMAKE_BUILD_TYPE=Release -DLECTER_BUILD_TESTS=OFF -DLECTER_BUILD_BENCH=OFF \
 && cmake --build /build -j2 --target lecter \
 && strip /build/lecter

FROM debian:bookworm-slim
# The shared libraries of the build packages above, and the CA store for the ApiServer's TLS.
RUN apt-get update -qq \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
      libyaml-cpp0.7 libcurl4 libhiredis0.14 libspdlog1.10 libfmt9 libprometheus-cpp-core1.0 libcivetweb1 \
      ca-certificates \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --system --uid 10001 --no-create-home --shell /usr/sbin/nologin lecter
COPY --from=build /build/lecter /usr/local/bin/lecter
COPY config/config.example.yaml /etc/lecter/config.yaml
USER 10001
ENTRYPOINT ["/usr/local/bin/lecter"]
CMD ["-f", "/etc/lecter/config.yaml"]

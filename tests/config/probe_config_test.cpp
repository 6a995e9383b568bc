// `- probe:`, `- ports:` and `- ready_when:` of service_healthcheck_list: what they load to, and
// every refusal with its place in the file. The seed's `- port:` form keeps its TCP connect.

#include <gtest/gtest.h>

#include "config/config_texts.h"

namespace lecter::testing {
namespace {

/// kMinimalConfig with the service's `- port: 5432` (line 13) replaced by `lines`.
std::string withPortLines(const std::string& lines) {
  return replaced(kMinimalConfig, "  db:\n  - port: 5432\n", "  db:\n" + lines);
}

const ServiceSpec& theService(const Config& config) { return config.services.at(0); }

TEST(ProbeConfig, TheSeedsFormProbesEveryAddressByATcpConnect) {
  const Config c = loadText(std::string(kMinimalConfig));
  const ServiceSpec& db = theService(c);
  ASSERT_EQ(db.ports.size(), 1U);
  EXPECT_EQ(db.ports[0].port, 5432);
  EXPECT_EQ(db.ports[0].name, "");
  EXPECT_EQ(db.ports[0].protocol, "");  // the template's
  EXPECT_EQ(db.ports[0].probe, nullptr);
  EXPECT_EQ(db.ready_when, ReadyWhen::All);
  ASSERT_EQ(db.targets.size(), 2U);
  for (const TargetSpec& target : db.targets) {
    EXPECT_EQ(target.port, 5432);
    EXPECT_EQ(target.probe, nullptr);
  }
}

TEST(ProbeConfig, AnHttpProbeIsReadWithEveryKey) {
  const Config c =
      loadText(withPortLines("  - port: 8080\n"
                             "  - probe:\n"
                             "      type: http\n"
                             "      method: HEAD\n"
                             "      path: /healthz\n"
                             "      host: db.example.test\n"
                             "      headers:\n"
                             "        X-Token: abc\n"
                             "      expect_status: [204, \"300-302\"]\n"
                             "      body_contains: ok\n"
                             "      body_matches: \"^o+k$\"\n"
                             "      max_body_bytes: 1024\n"));
  const ServiceSpec& db = theService(c);
  ASSERT_NE(db.ports.at(0).probe, nullptr);
  const ProbeSpec& probe = *db.ports[0].probe;
  EXPECT_EQ(probe.kind, ProbeKind::Http);
  EXPECT_EQ(probe.http.method, "HEAD");
  EXPECT_EQ(probe.http.path, "/healthz");
  EXPECT_EQ(probe.http.host, "db.example.test");
  ASSERT_EQ(probe.http.headers.size(), 1U);
  EXPECT_EQ(probe.http.headers[0], (std::pair<std::string, std::string>{"X-Token", "abc"}));
  EXPECT_EQ(probe.http.expect_status, (std::vector<StatusRange>{{204, 204}, {300, 302}}));
  EXPECT_EQ(probe.http.body_contains, "ok");
  EXPECT_EQ(probe.http.body_matches, "^o+k$");
  EXPECT_EQ(probe.http.max_body_bytes, 1024U);
  for (const TargetSpec& target : db.targets) EXPECT_EQ(target.probe, db.ports[0].probe);
}

TEST(ProbeConfig, AnHttpProbeDefaultsToGetOfTheRootExpectingWhatTheKubeletExpects) {
  const Config c = loadText(withPortLines("  - port: 80\n  - probe: {type: http}\n"));
  const ProbeSpec& probe = *theService(c).ports[0].probe;
  EXPECT_EQ(probe.http.method, "GET");
  EXPECT_EQ(probe.http.path, "/");
  EXPECT_EQ(probe.http.expect_status, (std::vector<StatusRange>{{200, 399}}));
  EXPECT_EQ(probe.http.max_body_bytes, 64U * 1024);
}

TEST(ProbeConfig, TlsGrpcAndUdpProbesAreRead) {
  const Config tls_config =
      loadText(withPortLines("  - port: 443\n  - probe: {type: tls, server_name: db.example.test, "
                             "min_days_valid: 14}\n"));
  const ProbeSpec& tls = *theService(tls_config).ports[0].probe;
  EXPECT_EQ(tls.kind, ProbeKind::Tls);
  EXPECT_EQ(tls.tls.server_name, "db.example.test");
  EXPECT_EQ(tls.tls.min_days_valid, 14);
  const Config grpc_config =
      loadText(withPortLines("  - port: 9090\n  - probe: {type: grpc, service: db}\n"));
  const ProbeSpec& grpc = *theService(grpc_config).ports[0].probe;
  EXPECT_EQ(grpc.kind, ProbeKind::Grpc);
  EXPECT_EQ(grpc.grpc.service, "db");
  const Config udp =
      loadText(withPortLines("  - port: 53\n  - probe: {type: udp, payload: \"ping\\n\", expect: pong}\n"));
  EXPECT_EQ(theService(udp).ports[0].probe->udp.payload, "ping\n");
  EXPECT_EQ(theService(udp).ports[0].probe->udp.expect_contains, "pong");
  EXPECT_EQ(theService(udp).ports[0].protocol, "UDP");  // the one port follows its probe
}

TEST(ProbeConfig, AKeyOfAnotherTypeIsRefusedNamingTheTypesThatTakeIt) {
  EXPECT_EQ(
      refusal(withPortLines("  - port: 80\n  - probe: {type: tcp, path: /}\n")),
      "config.yaml:14:24: service_healthcheck_list.db.probe.path: applies to probes of type http or https, "
      "not tcp");
  EXPECT_EQ(refusal(withPortLines("  - port: 80\n  - probe: {type: http, min_days_valid: 3}\n")),
            "config.yaml:14:25: service_healthcheck_list.db.probe.min_days_valid: applies to probes of type "
            "https or tls, not http");
}

TEST(ProbeConfig, AnUnknownTypeOrKeyIsRefused) {
  EXPECT_EQ(
      refusal(withPortLines("  - port: 80\n  - probe: {type: icmp}\n")),
      "config.yaml:14:19: service_healthcheck_list.db.probe.type: must be tcp, http, https, tls, grpc or "
      "udp, got \"icmp\"");
  const std::string typo = refusal(withPortLines("  - port: 80\n  - probe: {type: http, pathh: /}\n"));
  EXPECT_EQ(typo.rfind("config.yaml:14:25: service_healthcheck_list.db.probe.pathh: ", 0), 0U) << typo;
  EXPECT_NE(typo.find("path"), std::string::npos) << typo;
}

TEST(ProbeConfig, BadHttpExpectationsAreRefusedWhereTheyAre) {
  EXPECT_EQ(
      refusal(withPortLines("  - port: 80\n  - probe: {type: http, expect_status: \"399-200\"}\n")),
      "config.yaml:14:40: service_healthcheck_list.db.probe.expect_status: must be an HTTP status (200) or "
      "a range (\"200-299\") with statuses from 100 to 599, low to high, got \"399-200\"");
  const std::string bad_regex =
      refusal(withPortLines("  - port: 80\n  - probe: {type: http, body_matches: \"(\"}\n"));
  EXPECT_EQ(
      bad_regex.rfind("config.yaml:14:39: service_healthcheck_list.db.probe.body_matches: is not a POSIX "
                      "extended regular expression: ",
                      0),
      0U)
      << bad_regex;
  EXPECT_EQ(refusal(withPortLines("  - port: 80\n  - probe: {type: http, path: healthz}\n")),
            "config.yaml:14:31: service_healthcheck_list.db.probe.path: must start with /, got \"healthz\"");
  EXPECT_EQ(
      refusal(withPortLines("  - port: 80\n  - probe: {type: http, headers: {Host: x}}\n")),
      "config.yaml:14:35: service_healthcheck_list.db.probe.headers.Host: is set with the probe's `host` "
      "key, not among its headers");
}

TEST(ProbeConfig, AMissingCaFileIsRefusedAtLoad) {
  EXPECT_EQ(
      refusal(withPortLines("  - port: 443\n  - probe: {type: https, ca_file: /nonexistent/ca.pem}\n")),
      "config.yaml:14:35: service_healthcheck_list.db.probe.ca_file: cannot read \"/nonexistent/ca.pem\": No "
      "such file or directory");
}

TEST(ProbeConfig, SkippingCertificateVerificationIsAWarning) {
  const LoadedConfig loaded = loadConfigText(
      withPortLines("  - port: 443\n  - probe: {type: tls, insecure_skip_verify: true}\n"), "config.yaml");
  ASSERT_EQ(loaded.warnings.size(), 1U);
  EXPECT_EQ(loaded.warnings[0],
            "config.yaml:14:46: service_healthcheck_list.db.probe.insecure_skip_verify: certificates are not "
            "verified: any server that completes a handshake passes this probe");
}

TEST(ProbeConfig, PortsListEveryPortAndEachAddressGetsATargetPerPort) {
  const Config c =
      loadText(withPortLines("  - ports:\n"
                             "    - {name: http, port: 8080}\n"
                             "    - {name: metrics, port: 9100, probe: {type: http, path: /metrics}}\n"
                             "    - {name: dns, port: 53, protocol: UDP}\n"
                             "  - probe: {type: http, path: /healthz}\n"
                             "  - ready_when: any\n"));
  const ServiceSpec& db = theService(c);
  EXPECT_EQ(db.ready_when, ReadyWhen::Any);
  ASSERT_EQ(db.ports.size(), 3U);
  EXPECT_EQ(db.port, 8080);
  EXPECT_EQ(db.ports[0].probe->http.path, "/healthz");  // the service's probe
  EXPECT_EQ(db.ports[1].probe->http.path, "/metrics");  // its own
  EXPECT_EQ(db.ports[2].protocol, "UDP");
  EXPECT_EQ(db.ports[2].probeKind(), ProbeKind::Udp);  // a UDP port's own default
  ASSERT_EQ(db.targets.size(), 6U);
  EXPECT_EQ(db.targets[0].ip.text, "198.18.0.21");
  EXPECT_EQ(db.targets[0].port_name, "http");
  EXPECT_EQ(db.targets[2].port, 53);
  EXPECT_EQ(db.targets[3].ip.text, "198.18.0.22");
  EXPECT_EQ(db.targets[3].port, 8080);
}

TEST(ProbeConfig, SeveralPortsEachNeedADistinctName) {
  EXPECT_EQ(refusal(withPortLines("  - ports:\n    - {port: 80}\n    - {name: b, port: 81}\n")),
            "config.yaml:14:7: service_healthcheck_list.db.ports[0].name: required key is missing");
  EXPECT_EQ(
      refusal(withPortLines("  - ports:\n    - {name: a, port: 80}\n    - {name: a, port: 81}\n")),
      "config.yaml:15:14: service_healthcheck_list.db.ports[1].name: names two ports (first at line 14)");
  EXPECT_EQ(
      refusal(withPortLines("  - ports:\n    - {name: a, port: 80}\n    - {name: b, port: 80}\n")),
      "config.yaml:15:23: service_healthcheck_list.db.ports[1].port: port 80/TCP is listed twice (first at "
      "line 14)");
}

TEST(ProbeConfig, PortAndPortsExcludeEachOther) {
  EXPECT_EQ(
      refusal(withPortLines("  - port: 80\n  - ports: [{port: 81}]\n")),
      "config.yaml:14:5: service_healthcheck_list.db.ports: and `port` exclude each other (port given at "
      "line 13)");
}

TEST(ProbeConfig, AProbeMustSpeakItsPortsProtocol) {
  EXPECT_EQ(
      refusal(withPortLines("  - ports: [{name: dns, port: 53, protocol: UDP, probe: {type: http}}]\n")),
      "config.yaml:13:57: service_healthcheck_list.db.ports[0].probe: a http probe cannot check port "
      "\"dns\", "
      "whose protocol is UDP");
  EXPECT_EQ(refusal(withPortLines("  - ports: [{name: web, port: 80}]\n  - probe: {type: udp}\n")),
            "config.yaml:14:12: service_healthcheck_list.db.probe: a udp probe speaks none of the service\'s "
            "ports (none is UDP); "
            "give it to a port of its protocol, or give each port its own");
}

}  // namespace
}  // namespace lecter::testing

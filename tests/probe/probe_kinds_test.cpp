// Each probe kind against a real server of its protocol on loopback, through the real EpollProber:
// what it calls up, what it calls down and in whose words.

#include <gtest/gtest.h>

#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "lecter/probe/epoll_prober.h"
#include "loopback_targets.h"
#include "probe_target_at.h"
#include "support/apiserver/test_ca.h"
#include "support/common/temp_dir.h"
#include "support/servers/grpc_health_server.h"
#include "support/servers/http_test_server.h"
#include "support/servers/udp_servers.h"

namespace lecter::probe_kinds_test {
namespace {

using namespace std::chrono_literals;
using testing::targetAt;

const SystemClock kMachineClock;
constexpr std::chrono::milliseconds kTimeout = 1500ms;
constexpr std::chrono::milliseconds kShortTimeout = 300ms;

std::shared_ptr<const ProbeSpec> specOf(ProbeKind kind, const std::function<void(ProbeSpec&)>& edit = {}) {
  auto spec = std::make_shared<ProbeSpec>();
  spec->kind = kind;
  if (edit) edit(*spec);
  return spec;
}

ProbeResult probeOne(const ProbeTarget& target, std::chrono::milliseconds timeout = kTimeout) {
  EpollProber prober(kMachineClock);
  const std::vector<ProbeResult> results = prober.probeAll({target}, timeout);
  return results.at(0);
}

ProbeTarget at(std::uint16_t port, std::shared_ptr<const ProbeSpec> spec) {
  ProbeTarget target = targetAt("127.0.0.1", port);
  target.spec = std::move(spec);
  return target;
}

std::shared_ptr<const ProbeSpec> httpGet(const std::string& path,
                                         const std::function<void(ProbeSpec&)>& edit = {}) {
  return specOf(ProbeKind::Http, [&](ProbeSpec& spec) {
    spec.http.path = path;
    if (edit) edit(spec);
  });
}

// --- http -----------------------------------------------------------------------------------------

TEST(HttpProbeTest, AnAnswerWithAStatusInTheDefaultRangeIsUp) {
  testing::HttpTestServer server;
  const ProbeResult result = probeOne(at(server.port(), httpGet("/ok")));
  EXPECT_EQ(result.outcome, ProbeOutcome::Up) << result.error;
  EXPECT_EQ(result.error, "");
  EXPECT_EQ(server.requests(), 1U);
}

TEST(HttpProbeTest, AStatusOutsideTheExpectedRangesIsUnhealthyAndNamesTheStatus) {
  testing::HttpTestServer server;
  const ProbeResult result = probeOne(at(server.port(), httpGet("/status/500")));
  EXPECT_EQ(result.outcome, ProbeOutcome::Unhealthy);
  EXPECT_EQ(result.error, "HTTP 500");
  const ProbeResult not_found = probeOne(at(server.port(), httpGet("/nowhere")));
  EXPECT_EQ(not_found.outcome, ProbeOutcome::Unhealthy);
  EXPECT_EQ(not_found.error, "HTTP 404");
}

TEST(HttpProbeTest, ExpectedStatusRangesReplaceTheDefault) {
  testing::HttpTestServer server;
  const auto expect_503 = [](ProbeSpec& spec) { spec.http.expect_status = {StatusRange{503, 503}}; };
  EXPECT_EQ(probeOne(at(server.port(), httpGet("/status/503", expect_503))).outcome, ProbeOutcome::Up);
  EXPECT_EQ(probeOne(at(server.port(), httpGet("/ok", expect_503))).outcome, ProbeOutcome::Unhealthy);
}

TEST(HttpProbeTest, AnAnswerNotCompleteByTheDeadlineIsATimeoutThatSaysItWasConnected) {
  testing::HttpTestServer server;
  const ProbeResult result = probeOne(at(server.port(), httpGet("/slow")), kShortTimeout);
  EXPECT_EQ(result.outcome, ProbeOutcome::Timeout);
  EXPECT_EQ(result.error, "connected; no HTTP answer before the deadline");
}

TEST(HttpProbeTest, ABodyCheckSeesOnlyTheCappedPartOfTheBody) {
  testing::HttpTestServer server;
  const auto needle_within = [](std::size_t cap) {
    return [cap](ProbeSpec& spec) {
      spec.http.body_contains = "needle";
      spec.http.max_body_bytes = cap;
    };
  };
  EXPECT_EQ(probeOne(at(server.port(), httpGet("/big", needle_within(2U << 20U)))).outcome, ProbeOutcome::Up);
  const ProbeResult capped = probeOne(at(server.port(), httpGet("/big", needle_within(1024))));
  EXPECT_EQ(capped.outcome, ProbeOutcome::Unhealthy);
  EXPECT_EQ(capped.error, "HTTP 200, body lacks 'needle' in its first 1024 bytes");
}

TEST(HttpProbeTest, ABodyRegularExpressionMustMatch) {
  testing::HttpTestServer server;
  const auto matching = [](const std::string& pattern) {
    return [pattern](ProbeSpec& spec) { spec.http.body_matches = pattern; };
  };
  EXPECT_EQ(probeOne(at(server.port(), httpGet("/ok", matching("^o+k$")))).outcome, ProbeOutcome::Up);
  const ProbeResult result = probeOne(at(server.port(), httpGet("/ok", matching("^no"))));
  EXPECT_EQ(result.outcome, ProbeOutcome::Unhealthy);
  EXPECT_EQ(result.error, "HTTP 200, body does not match /^no/");
}

TEST(HttpProbeTest, TheHostHeaderAndExtraHeadersAreSent) {
  testing::HttpTestServer server;
  const ProbeResult result = probeOne(at(server.port(), httpGet("/host", [](ProbeSpec& spec) {
                                           spec.http.host = "db.example.test";
                                           spec.http.body_contains = "db.example.test";
                                           spec.http.headers = {{"X-Probe", "lecter"}};
                                         })));
  EXPECT_EQ(result.outcome, ProbeOutcome::Up) << result.error;
}

TEST(HttpProbeTest, AnIpv6TargetIsAskedWithItsAddressInBrackets) {
  if (!testing::hasIpv6Loopback()) GTEST_SKIP() << "no IPv6 loopback here";
  testing::HttpTestServer server("::1");
  ProbeTarget target = targetAt("::1", server.port());
  target.spec = httpGet(
      "/host", [&](ProbeSpec& spec) { spec.http.body_contains = "[::1]:" + std::to_string(server.port()); });
  const ProbeResult result = probeOne(target);
  EXPECT_EQ(result.outcome, ProbeOutcome::Up) << result.error;
}

TEST(HttpProbeTest, AClosedPortIsRefusedAsForATcpProbe) {
  testing::ClosedPort closed("127.0.0.1");
  const ProbeResult result = probeOne(at(closed.port(), httpGet("/ok")));
  EXPECT_EQ(result.outcome, ProbeOutcome::Refused);
}

TEST(HttpProbeTest, AServerThatIsNotHttpIsAnOtherError) {
  testing::UdpEchoServer udp;  // keeps a port busy; the TCP side below is a listener closing at once
  testing::AcceptingListeners closes_at_once(1, "127.0.0.1");
  const ProbeResult result = probeOne(at(closes_at_once.ports().front(), httpGet("/ok")));
  EXPECT_EQ(result.outcome, ProbeOutcome::OtherError);
  EXPECT_NE(result.error, "");
}

// --- https and tls --------------------------------------------------------------------------------

class TlsProbeTest : public ::testing::Test {
 protected:
  TlsProbeTest()
      : ca_(testing::makeCa("lecter probe test CA", dir_.path(), "ca")),
        other_ca_(testing::makeCa("an unrelated CA", dir_.path(), "other-ca")) {}

  testing::HttpTestServer::Tls certificateFor(const std::string& names, std::chrono::seconds valid_for,
                                              const std::string& stem) {
    const testing::CertificateFiles files =
        testing::makeServerCertificate(ca_, names, valid_for, dir_.path(), stem);
    return testing::HttpTestServer::Tls{files.cert_file, files.key_file};
  }

  [[nodiscard]] std::shared_ptr<const ProbeSpec> tls(const std::function<void(TlsCheck&)>& edit = {}) const {
    return specOf(ProbeKind::Tls, [&](ProbeSpec& spec) {
      spec.tls.ca_file = ca_.cert_file;
      if (edit) edit(spec.tls);
    });
  }
  [[nodiscard]] std::shared_ptr<const ProbeSpec> https(
      const std::function<void(ProbeSpec&)>& edit = {}) const {
    return specOf(ProbeKind::Https, [&](ProbeSpec& spec) {
      spec.http.path = "/ok";
      spec.tls.ca_file = ca_.cert_file;
      if (edit) edit(spec);
    });
  }

  testing::TempDir dir_;
  testing::CertificateFiles ca_;
  testing::CertificateFiles other_ca_;
};

TEST_F(TlsProbeTest, HttpsVerifiedAgainstTheCaIsUpAndTellsTheCertificatesDaysLeft) {
  testing::HttpTestServer server("127.0.0.1",
                                 certificateFor("IP:127.0.0.1", std::chrono::hours(24 * 30), "a"));
  const ProbeResult result = probeOne(at(server.port(), https()));
  EXPECT_EQ(result.outcome, ProbeOutcome::Up) << result.error;
  ASSERT_TRUE(result.cert_days_left.has_value());
  EXPECT_GT(*result.cert_days_left, 29.9);
  EXPECT_LT(*result.cert_days_left, 30.1);
}

TEST_F(TlsProbeTest, HttpsToACertificateForAnotherNameIsUnhealthyUnlessVerificationIsSkipped) {
  testing::HttpTestServer server("127.0.0.1",
                                 certificateFor("DNS:db.example.test", std::chrono::hours(24), "b"));
  const ProbeResult wrong_name = probeOne(
      at(server.port(), https([](ProbeSpec& spec) { spec.tls.server_name = "cache.example.test"; })));
  EXPECT_EQ(wrong_name.outcome, ProbeOutcome::Unhealthy);
  EXPECT_NE(wrong_name.error.find("cache.example.test"), std::string::npos) << wrong_name.error;
  EXPECT_EQ(
      probeOne(at(server.port(), https([](ProbeSpec& spec) { spec.tls.server_name = "db.example.test"; })))
          .outcome,
      ProbeOutcome::Up);
  EXPECT_EQ(probeOne(at(server.port(), https([](ProbeSpec& spec) {
                          spec.tls.server_name = "cache.example.test";
                          spec.tls.insecure_skip_verify = true;
                        })))
                .outcome,
            ProbeOutcome::Up);
}

TEST_F(TlsProbeTest, HttpsWithAnUnreadableCaFileIsALocalError) {
  testing::HttpTestServer server("127.0.0.1", certificateFor("IP:127.0.0.1", std::chrono::hours(24), "c"));
  const ProbeResult result =
      probeOne(at(server.port(), https([](ProbeSpec& spec) { spec.tls.ca_file = "/nonexistent/ca.crt"; })));
  EXPECT_EQ(result.outcome, ProbeOutcome::LocalError) << result.error;
}

TEST_F(TlsProbeTest, AHandshakeWithAValidCertificateIsUp) {
  testing::HttpTestServer server("127.0.0.1",
                                 certificateFor("IP:127.0.0.1", std::chrono::hours(24 * 10), "d"));
  const ProbeResult result =
      probeOne(at(server.port(), tls([](TlsCheck& check) { check.min_days_valid = 7; })));
  EXPECT_EQ(result.outcome, ProbeOutcome::Up) << result.error;
  ASSERT_TRUE(result.cert_days_left.has_value());
  EXPECT_NEAR(*result.cert_days_left, 10.0, 0.1);
}

TEST_F(TlsProbeTest, ACertificateExpiringSoonerThanMinDaysValidIsUnhealthy) {
  testing::HttpTestServer server("127.0.0.1",
                                 certificateFor("IP:127.0.0.1", std::chrono::hours(24 * 3), "e"));
  const ProbeResult result =
      probeOne(at(server.port(), tls([](TlsCheck& check) { check.min_days_valid = 7; })));
  EXPECT_EQ(result.outcome, ProbeOutcome::Unhealthy);
  EXPECT_EQ(result.error, "certificate expires in 3.0 days (min_days_valid 7)");
  ASSERT_TRUE(result.cert_days_left.has_value());
  EXPECT_NEAR(*result.cert_days_left, 3.0, 0.1);
  EXPECT_EQ(probeOne(at(server.port(), tls())).outcome, ProbeOutcome::Up);  // no minimum: still valid
}

TEST_F(TlsProbeTest, ACertificateFromAnotherCaOrForAnotherNameIsUnhealthy) {
  testing::HttpTestServer server("127.0.0.1",
                                 certificateFor("DNS:db.example.test", std::chrono::hours(24), "f"));
  const ProbeResult other_ca = probeOne(at(server.port(), tls([this](TlsCheck& check) {
                                             check.ca_file = other_ca_.cert_file;
                                             check.server_name = "db.example.test";
                                           })));
  EXPECT_EQ(other_ca.outcome, ProbeOutcome::Unhealthy);
  EXPECT_EQ(other_ca.error, "certificate verify failed: unable to get local issuer certificate");
  const ProbeResult other_name =
      probeOne(at(server.port(), tls([](TlsCheck& check) { check.server_name = "x.test"; })));
  EXPECT_EQ(other_name.outcome, ProbeOutcome::Unhealthy);
  EXPECT_EQ(other_name.error, "certificate verify failed: hostname mismatch");
  const ProbeResult skipped = probeOne(at(server.port(), tls([](TlsCheck& check) {
                                            check.server_name = "x.test";
                                            check.insecure_skip_verify = true;
                                          })));
  EXPECT_EQ(skipped.outcome, ProbeOutcome::Up);
  EXPECT_TRUE(skipped.cert_days_left.has_value());
}

TEST_F(TlsProbeTest, APlainHttpServerFailsTheHandshake) {
  testing::HttpTestServer plain;
  const ProbeResult result = probeOne(at(plain.port(), tls()));
  EXPECT_EQ(result.outcome, ProbeOutcome::OtherError);
  EXPECT_EQ(result.error.rfind("TLS handshake failed: ", 0), 0U) << result.error;
}

// --- grpc -----------------------------------------------------------------------------------------

std::shared_ptr<const ProbeSpec> grpcCheck(const std::string& service) {
  return specOf(ProbeKind::Grpc, [&](ProbeSpec& spec) { spec.grpc.service = service; });
}

TEST(GrpcProbeTest, AServerAnsweringServingIsUp) {
  testing::GrpcHealthServer server;
  const ProbeResult result = probeOne(at(server.port(), grpcCheck("")));
  EXPECT_EQ(result.outcome, ProbeOutcome::Up) << result.error;
  server.setServing("db", true);
  EXPECT_EQ(probeOne(at(server.port(), grpcCheck("db"))).outcome, ProbeOutcome::Up);
}

TEST(GrpcProbeTest, AServiceNotServingIsUnhealthy) {
  testing::GrpcHealthServer server;
  server.setServing("db", false);
  const ProbeResult result = probeOne(at(server.port(), grpcCheck("db")));
  EXPECT_EQ(result.outcome, ProbeOutcome::Unhealthy);
  EXPECT_EQ(result.error, "gRPC health NOT_SERVING");
}

TEST(GrpcProbeTest, AServiceTheServerDoesNotKnowIsUnhealthyWithTheGrpcStatus) {
  testing::GrpcHealthServer server;
  const ProbeResult result = probeOne(at(server.port(), grpcCheck("nobody")));
  EXPECT_EQ(result.outcome, ProbeOutcome::Unhealthy);
  EXPECT_EQ(result.error.rfind("gRPC status 5 NOT_FOUND", 0), 0U) << result.error;
}

TEST(GrpcProbeTest, AnHttp1ServerIsNotAGrpcServer) {
  testing::HttpTestServer http;
  const ProbeResult result = probeOne(at(http.port(), grpcCheck("")));
  EXPECT_EQ(result.outcome, ProbeOutcome::OtherError);
  EXPECT_EQ(result.error.rfind("gRPC: ", 0), 0U) << result.error;
}

// --- udp ------------------------------------------------------------------------------------------

std::shared_ptr<const ProbeSpec> udpCheck(const std::string& payload, const std::string& expect = "") {
  return specOf(ProbeKind::Udp, [&](ProbeSpec& spec) {
    spec.udp.payload = payload;
    spec.udp.expect_contains = expect;
  });
}

TEST(UdpProbeTest, AReplyBeforeTheDeadlineIsUp) {
  testing::UdpEchoServer echo;
  const ProbeResult result = probeOne(at(echo.port(), udpCheck("ping")));
  EXPECT_EQ(result.outcome, ProbeOutcome::Up) << result.error;
  EXPECT_EQ(echo.datagrams(), 1U);
}

TEST(UdpProbeTest, AReplyMustHoldTheExpectedBytesWhenTheyAreGiven) {
  testing::UdpEchoServer pong("127.0.0.1", std::string("+PONG\r\n"));
  EXPECT_EQ(probeOne(at(pong.port(), udpCheck("PING", "PONG"))).outcome, ProbeOutcome::Up);
  const ProbeResult wrong = probeOne(at(pong.port(), udpCheck("PING", "READY")), kShortTimeout);
  EXPECT_EQ(wrong.outcome, ProbeOutcome::Unhealthy);
  EXPECT_EQ(wrong.error, "a UDP reply without the expected bytes");
}

TEST(UdpProbeTest, ASilentPortIsATimeout) {
  testing::SilentUdpPort silent;
  const ProbeResult result = probeOne(at(silent.port(), udpCheck("ping")), kShortTimeout);
  EXPECT_EQ(result.outcome, ProbeOutcome::Timeout);
  EXPECT_EQ(result.error, "no UDP reply before the deadline (3 datagrams sent)");
}

TEST(UdpProbeTest, ALostDatagramIsSentAgainWithinTheDeadline) {
  testing::UdpEchoServer echo;
  echo.dropNext(2);
  const ProbeResult result = probeOne(at(echo.port(), udpCheck("ping")), kShortTimeout);
  EXPECT_EQ(result.outcome, ProbeOutcome::Up) << result.error;
  EXPECT_EQ(echo.datagrams(), 3U);
}

TEST(UdpProbeTest, APortNobodyHoldsIsRefusedByItsIcmpAnswer) {
  const ProbeResult result = probeOne(at(testing::unboundUdpPort(), udpCheck("ping")));
  EXPECT_EQ(result.outcome, ProbeOutcome::Refused) << result.error;
}

// --- one cycle, every kind ------------------------------------------------------------------------

TEST(ProbeKindsTest, EveryKindRunsInOneCycleEachWithItsOwnResult) {
  testing::HttpTestServer http;
  testing::HttpTestServer slow;  // its held requests take workers the others must not wait for
  testing::GrpcHealthServer grpc;
  testing::UdpEchoServer echo;
  testing::SilentUdpPort silent;
  testing::AcceptingListeners tcp(1, "127.0.0.1");
  grpc.setServing("down", false);
  std::vector<ProbeTarget> targets;
  std::vector<ProbeOutcome> expected;
  for (int round = 0; round < 20; ++round) {  // many of each, all in flight together
    targets.push_back(at(http.port(), httpGet("/ok")));
    expected.push_back(ProbeOutcome::Up);
    targets.push_back(at(slow.port(), httpGet("/slow")));
    expected.push_back(ProbeOutcome::Timeout);
    targets.push_back(at(http.port(), httpGet("/status/503")));
    expected.push_back(ProbeOutcome::Unhealthy);
    targets.push_back(at(grpc.port(), grpcCheck("")));
    expected.push_back(ProbeOutcome::Up);
    targets.push_back(at(grpc.port(), grpcCheck("down")));
    expected.push_back(ProbeOutcome::Unhealthy);
    targets.push_back(at(echo.port(), udpCheck("ping")));
    expected.push_back(ProbeOutcome::Up);
    targets.push_back(at(silent.port(), udpCheck("ping")));
    expected.push_back(ProbeOutcome::Timeout);
    targets.push_back(at(tcp.ports().front(), nullptr));
    expected.push_back(ProbeOutcome::Up);
  }
  EpollProber prober(kMachineClock);
  ProbeCycleStats stats;
  // A longer deadline than the other cases': 160 probes at once, under a sanitizer, on two cores.
  const std::vector<ProbeResult> results = prober.probeAll(targets, 2 * kTimeout, stats);
  ASSERT_EQ(results.size(), targets.size());
  for (std::size_t i = 0; i < results.size(); ++i) {
    EXPECT_EQ(toString(results[i].outcome), toString(expected[i]))
        << "target " << i << " (" << toString(targets[i].kind()) << "): " << results[i].error;
  }
  // The slow ones were all waiting at once: their deadlines ran together, not one after another.
  EXPECT_GE(stats.peak_in_flight, 40U);
}

}  // namespace
}  // namespace lecter::probe_kinds_test

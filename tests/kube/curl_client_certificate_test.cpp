// CurlHttpClient with a client certificate, from files and from PEM in memory (a kubeconfig's *-data
// fields), against the ApiServer fixture in mutual TLS mode: the fixture verifies the certificate and
// takes its CN as the user, with no bearer token sent.
#include <gtest/gtest.h>

#include <string>

#include "lecter/kube/curl_http_client.h"
#include "lecter/kube/rest_kube_client.h"
#include "lecter/kube/token_source.h"
#include "support/apiserver/apiserver_fixture.h"
#include "support/common/temp_dir.h"

namespace lecter {
namespace {

using testing::ApiServerFixture;
using testing::ApiServerOptions;
using testing::CertificateFiles;
using testing::readFile;

const ObjectRef kRedis{"db", "redis"};

const nlohmann::json kEndpoints = {
    {"apiVersion", "v1"},
    {"kind", "Endpoints"},
    {"metadata", {{"name", "redis"}, {"namespace", "db"}}},
    {"subsets",
     {{{"addresses", {{{"ip", "198.18.0.10"}}}}, {"ports", {{{"name", "redis"}, {"port", 6379}}}}}}}};

class CurlClientCertificateTest : public ::testing::Test {
 protected:
  /// PUTs kEndpoints over `tls` without a bearer token; the result.
  KubeResult putWith(const TlsOptions& tls) {
    CurlHttpClient http(api_.url(), tls);
    StaticTokenSource no_token("");
    RestKubeClient kube(http, no_token, RestKubeOptions{});
    return kube.putEndpoints(kRedis, kEndpoints);
  }

  ApiServerFixture api_{ApiServerOptions{.client_certificates = true, .certificate_users = {"lecter"}}};
  CertificateFiles certificate_ = api_.makeClientCertificate("lecter");
};

TEST_F(CurlClientCertificateTest, PemInMemoryAuthenticatesAsItsCommonName) {
  TlsOptions tls;
  tls.ca_pem = readFile(api_.caFile());
  tls.client_cert_pem = readFile(certificate_.cert_file);
  tls.client_key_pem = readFile(certificate_.key_file);

  const KubeResult result = putWith(tls);

  ASSERT_TRUE(result.ok()) << result.describe();
  EXPECT_EQ(api_.readyIps("db", "redis"), std::vector<std::string>{"198.18.0.10"});
  ASSERT_EQ(api_.requests().size(), 1U);
  EXPECT_EQ(api_.requests()[0].client_user, "lecter");
}

TEST_F(CurlClientCertificateTest, FilesAuthenticateAsItsCommonName) {
  TlsOptions tls;
  tls.ca_file = api_.caFile();
  tls.client_cert_file = certificate_.cert_file;
  tls.client_key_file = certificate_.key_file;

  const KubeResult result = putWith(tls);

  ASSERT_TRUE(result.ok()) << result.describe();
  ASSERT_EQ(api_.requests().size(), 1U);
  EXPECT_EQ(api_.requests()[0].client_user, "lecter");
}

TEST_F(CurlClientCertificateTest, PemInMemoryWinsOverAFileThatDoesNotExist) {
  TlsOptions tls;
  tls.ca_file = "/nonexistent/ca.crt";
  tls.ca_pem = readFile(api_.caFile());
  tls.client_cert_file = "/nonexistent/client.crt";
  tls.client_cert_pem = readFile(certificate_.cert_file);
  tls.client_key_file = "/nonexistent/client.key";
  tls.client_key_pem = readFile(certificate_.key_file);

  const KubeResult result = putWith(tls);

  ASSERT_TRUE(result.ok()) << result.describe();
  EXPECT_EQ(api_.requests().at(0).client_user, "lecter");
}

TEST_F(CurlClientCertificateTest, CaInMemoryThatDidNotSignTheServerFailsVerification) {
  TlsOptions tls;
  tls.ca_pem = readFile(api_.otherCaFile());
  tls.client_cert_pem = readFile(certificate_.cert_file);
  tls.client_key_pem = readFile(certificate_.key_file);

  const KubeResult result = putWith(tls);

  EXPECT_FALSE(result.ok());
  EXPECT_EQ(result.http_status, 0);
  EXPECT_EQ(api_.requestCount(), 0U);
}

TEST_F(CurlClientCertificateTest, WithoutCertificateOrTokenTheServerSaysUnauthorized) {
  TlsOptions tls;
  tls.ca_pem = readFile(api_.caFile());

  const KubeResult result = putWith(tls);

  EXPECT_EQ(result.http_status, 401);
  EXPECT_FALSE(api_.endpoints("db", "redis"));
}

}  // namespace
}  // namespace lecter

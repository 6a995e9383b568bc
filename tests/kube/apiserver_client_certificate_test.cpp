// Pins down the ApiServer fixture's mutual TLS (ApiServerOptions::client_certificates), over real
// HTTPS: a client certificate signed by the client CA authenticates its CN, as the ApiServer's x509
// authenticator does; tokens still work beside it; a certificate from another CA fails the handshake.
#include <gtest/gtest.h>
#include <httplib.h>

#include <memory>
#include <string>

#include "support/apiserver/apiserver_fixture.h"
#include "support/apiserver/test_ca.h"
#include "support/common/temp_dir.h"

namespace lecter::testing {
namespace {

using nlohmann::json;

constexpr const char* kPostgresPath = "/api/v1/namespaces/db/endpoints/postgres";

const json kPostgres = {
    {"apiVersion", "v1"},
    {"kind", "Endpoints"},
    {"metadata", {{"name", "postgres"}, {"namespace", "db"}}},
    {"subsets",
     {{{"addresses", {{{"ip", "198.18.0.10"}}}}, {"ports", {{{"port", 5432}, {"protocol", "TCP"}}}}}}}};

/// A client trusting the fixture's CA, presenting `certificate` when given.
std::unique_ptr<httplib::Client> clientOf(const ApiServerFixture& api, const CertificateFiles* certificate) {
  auto client = certificate != nullptr ? std::make_unique<httplib::Client>(api.url(), certificate->cert_file,
                                                                           certificate->key_file)
                                       : std::make_unique<httplib::Client>(api.url());
  client->enable_server_certificate_verification(true);
  client->set_ca_cert_path(api.caFile().c_str());
  return client;
}

/// The status of a PUT of kPostgres, or 0 when no answer came.
int putStatus(const ApiServerFixture& api, const CertificateFiles* certificate,
              const std::string& token = {}) {
  httplib::Headers headers;
  if (!token.empty()) headers.emplace("Authorization", "Bearer " + token);
  const httplib::Result result =
      clientOf(api, certificate)->Put(kPostgresPath, headers, kPostgres.dump(), "application/json");
  return result ? result->status : 0;
}

class ApiServerClientCertificateTest : public ::testing::Test {
 protected:
  ApiServerFixture api_{ApiServerOptions{.client_certificates = true, .certificate_users = {"lecter"}}};
};

TEST_F(ApiServerClientCertificateTest, CertificateOfAnAllowedUserWritesWithoutAToken) {
  const CertificateFiles certificate = api_.makeClientCertificate("lecter");

  EXPECT_EQ(putStatus(api_, &certificate), 201);

  EXPECT_EQ(api_.readyIps("db", "postgres"), std::vector<std::string>{"198.18.0.10"});
  ASSERT_EQ(api_.requests().size(), 1U);
  EXPECT_EQ(api_.requests()[0].client_user, "lecter");
}

TEST_F(ApiServerClientCertificateTest, CertificateOfAnotherUserIsAuthenticatedButForbiddenToWrite) {
  const CertificateFiles certificate = api_.makeClientCertificate("intruder");

  EXPECT_EQ(putStatus(api_, &certificate), 403);

  EXPECT_FALSE(api_.endpoints("db", "postgres"));
  ASSERT_EQ(api_.requests().size(), 1U);
  EXPECT_EQ(api_.requests()[0].client_user, "intruder");
}

TEST_F(ApiServerClientCertificateTest, WithoutACertificateTheTokenStillDecides) {
  EXPECT_EQ(putStatus(api_, nullptr), 401);
  EXPECT_EQ(putStatus(api_, nullptr, "test-token"), 201);
  for (const RecordedRequest& request : api_.requests()) EXPECT_EQ(request.client_user, "");
}

TEST_F(ApiServerClientCertificateTest, CertificateFromAnotherCaFailsTheHandshake) {
  const TempDir dir;
  const CertificateFiles rogue_ca = makeCa("rogue CA", dir.path(), "rogue-ca");
  const CertificateFiles certificate = makeClientCertificate(rogue_ca, "lecter", dir.path(), "rogue-client");

  EXPECT_EQ(putStatus(api_, &certificate), 0);

  EXPECT_EQ(api_.requestCount(), 0U);
  EXPECT_FALSE(api_.endpoints("db", "postgres"));
}

TEST(ApiServerWithoutClientCertificates, MakesNoClientCertificates) {
  const ApiServerFixture api;
  EXPECT_EQ(api.clientCaFile(), "");
  EXPECT_THROW(static_cast<void>(api.makeClientCertificate("lecter")), std::runtime_error);
}

}  // namespace
}  // namespace lecter::testing

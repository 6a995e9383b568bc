// Pins down that every write route of the ApiServer fixture decodes its body the same way
// (support/apiserver/request_body.h): the apiserver picks the decoder by Content-Type, so another media
// type is 415 UnsupportedMediaType and a body that does not parse is 400 BadRequest.

#include <gtest/gtest.h>

#include <string>

#include "apiserver_requests.h"
#include "support/apiserver/apiserver_fixture.h"

namespace lecter::testing {
namespace {

struct WriteRoute {
  const char* method;
  const char* path;
};

constexpr WriteRoute kWriteRoutes[] = {
    {"PUT", "/api/v1/namespaces/prod/endpoints/db"},
    {"POST", "/api/v1/namespaces/prod/events"},
    {"POST", "/apis/discovery.k8s.io/v1/namespaces/prod/endpointslices"},
    {"PUT", "/apis/discovery.k8s.io/v1/namespaces/prod/endpointslices/db-lecter"},
};

TEST(ApiServerRequestBodyTest, AnotherMediaTypeIsA415OnEveryWriteRoute) {
  ApiServerFixture api;
  for (const WriteRoute& route : kWriteRoutes) {
    const Answer answer = send(api, route.method, route.path, "{}", "text/plain; charset=utf-8");
    EXPECT_EQ(answer.status, 415) << route.method << " " << route.path;
    EXPECT_EQ(answer.body.value("reason", ""), "UnsupportedMediaType") << route.path;
    EXPECT_NE(answer.body.value("message", "").find("(got \"text/plain\")"), std::string::npos)
        << answer.body.dump();
  }
}

TEST(ApiServerRequestBodyTest, ABodyThatDoesNotParseIsA400OnEveryWriteRoute) {
  ApiServerFixture api;
  for (const WriteRoute& route : kWriteRoutes) {
    const Answer json_answer = send(api, route.method, route.path, "{not json", "application/json");
    EXPECT_EQ(json_answer.status, 400) << route.method << " " << route.path;
    EXPECT_EQ(json_answer.body.value("reason", ""), "BadRequest") << route.path;
    EXPECT_EQ(json_answer.body.value("message", "").rfind("couldn't get version/kind; json parse error: ", 0),
              0U)
        << json_answer.body.dump();
    const Answer yaml_answer = send(api, route.method, route.path, "a: [unclosed", "application/yaml");
    EXPECT_EQ(yaml_answer.status, 400) << route.method << " " << route.path;
    EXPECT_EQ(yaml_answer.body.value("reason", ""), "BadRequest") << route.path;
  }
  EXPECT_TRUE(api.events().empty());
  EXPECT_FALSE(api.endpoints("prod", "db").has_value());
  EXPECT_TRUE(api.endpointSlices("prod").empty());
}

}  // namespace
}  // namespace lecter::testing

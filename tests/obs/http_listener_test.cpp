// The listener over a real socket on loopback.

#include "lecter/obs/http_listener.h"

#include <gtest/gtest.h>
#include <httplib.h>

#include <stdexcept>
#include <string>

namespace lecter {
namespace {

std::map<std::string, HttpRoute> routes() {
  return {
      {"/hello",
       [] {
         return HttpAnswer{200, "text/plain; charset=utf-8", "hi\n"};
       }},
      {"/broken", []() -> HttpAnswer { throw std::runtime_error("the status could not be read"); }},
      {"/down",
       [] {
         return HttpAnswer{503, "text/plain; charset=utf-8", "stalled\n"};
       }},
  };
}

class HttpListenerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    listener_ = startHttpListener("127.0.0.1:0", routes());
    ASSERT_NE(listener_->port(), 0);
  }
  httplib::Client client() const { return httplib::Client("127.0.0.1", listener_->port()); }
  std::unique_ptr<HttpListener> listener_;
};

TEST_F(HttpListenerTest, ARouteIsAnsweredWithItsStatusTypeAndBody) {
  const auto got = client().Get("/hello");
  ASSERT_TRUE(got);
  EXPECT_EQ(got->status, 200);
  EXPECT_EQ(got->body, "hi\n");
  EXPECT_EQ(got->get_header_value("Content-Type"), "text/plain; charset=utf-8");
  EXPECT_EQ(got->get_header_value("Cache-Control"), "no-store");
  const auto down = client().Get("/down");
  ASSERT_TRUE(down);
  EXPECT_EQ(down->status, 503);
  EXPECT_EQ(down->body, "stalled\n");
}

TEST_F(HttpListenerTest, HeadAnswersWithoutABody) {
  const auto got = client().Head("/hello");
  ASSERT_TRUE(got);
  EXPECT_EQ(got->status, 200);
  EXPECT_EQ(got->body, "");
}

TEST_F(HttpListenerTest, OnlyExactPathsAreServed) {
  for (const char* path : {"/", "/hello/", "/hello/more", "/helloo", "/nothing"}) {
    const auto got = client().Get(path);
    ASSERT_TRUE(got) << path;
    EXPECT_EQ(got->status, 404) << path;
  }
  const auto query = client().Get("/hello?x=1");
  ASSERT_TRUE(query);
  EXPECT_EQ(query->status, 200) << "a query does not change the path";
}

TEST_F(HttpListenerTest, OtherMethodsAre405WithAllow) {
  const auto got = client().Post("/hello", "x", "text/plain");
  ASSERT_TRUE(got);
  EXPECT_EQ(got->status, 405);
  EXPECT_EQ(got->get_header_value("Allow"), "GET, HEAD");
}

TEST_F(HttpListenerTest, ARouteThatThrowsIs500AndTheListenerGoesOn) {
  const auto got = client().Get("/broken");
  ASSERT_TRUE(got);
  EXPECT_EQ(got->status, 500);
  EXPECT_EQ(got->body, "internal error\n") << "the exception's text is logged, not shown";
  const auto after = client().Get("/hello");
  ASSERT_TRUE(after);
  EXPECT_EQ(after->status, 200);
}

TEST_F(HttpListenerTest, APortInUseIsAListenErrorNamingTheAddress) {
  const std::string address = "127.0.0.1:" + std::to_string(listener_->port());
  try {
    startHttpListener(address, routes());
    FAIL() << "a second listener on " << address << " started";
  } catch (const ListenError& e) {
    EXPECT_EQ(std::string(e.what()).rfind("cannot listen on " + address + ": ", 0), 0U) << e.what();
  }
}

}  // namespace
}  // namespace lecter

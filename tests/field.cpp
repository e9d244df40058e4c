#include <uvcalls/field.hpp>

#include <doctest/doctest.h>

#include <string_view>

TEST_CASE("field tells absent, null and value apart")
{
    uvcalls::field<int> f;
    CHECK(f.is_absent());
    CHECK_FALSE(f.is_null());
    CHECK_FALSE(f);
    CHECK(f.value_or(7) == 7);
    f.state = uvcalls::presence::null;
    CHECK(f.is_null());
    CHECK_FALSE(f.has_value());
    CHECK(f.value_or(7) == 7);
    f.state = uvcalls::presence::value;
    f.value = 3;
    CHECK(f);
    CHECK(*f == 3);
    CHECK(f.value_or(7) == 3);
}

TEST_CASE("object_field tells absent, null and value apart, and points at the object only with a value")
{
    struct s {
        int x = 5;
    } const obj;
    uvcalls::object_field<s> f;
    CHECK(f.is_absent());
    CHECK_FALSE(f.is_null());
    CHECK_FALSE(f.has_value());
    CHECK_FALSE(f);
    CHECK(f.value == nullptr);
    f.state = uvcalls::presence::null;
    CHECK(f.is_null());
    CHECK_FALSE(f.is_absent());
    CHECK_FALSE(f.has_value());
    CHECK_FALSE(f);
    f.state = uvcalls::presence::value;
    f.value = &obj;
    CHECK(f.has_value());
    CHECK(f);
    CHECK_FALSE(f.is_null());
    CHECK_FALSE(f.is_absent());
    CHECK(f.operator->() == &obj);
    CHECK(f->x == 5);
    CHECK((*f).x == 5);
}

TEST_CASE("a field's state is readable through a pointer to the field")
{
    uvcalls::field<std::string_view> f;
    f.state = uvcalls::presence::null;
    CHECK(*reinterpret_cast<uvcalls::presence const*>(&f) == uvcalls::presence::null);
    uvcalls::object_field<int> o;
    o.state = uvcalls::presence::value;
    CHECK(*reinterpret_cast<uvcalls::presence const*>(&o) == uvcalls::presence::value);
}

TEST_CASE("presence has the values 0, 1 and 2, and a default field is absent and not truncated")
{
    CHECK(static_cast<int>(uvcalls::presence::absent) == 0);
    CHECK(static_cast<int>(uvcalls::presence::null) == 1);
    CHECK(static_cast<int>(uvcalls::presence::value) == 2);
    uvcalls::field<int> const f;
    CHECK(f.state == uvcalls::presence::absent);
    CHECK_FALSE(f.truncated);
    CHECK(f.value == 0);
}

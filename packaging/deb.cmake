# SPDX-License-Identifier: GPL-2.0-or-later
# A Debian package of the plugin and the tcpconn profile: `cpack -G DEB` in the build folder.
#
# Wireshark loads a plugin only into the major.minor release it was built for, and the
# plugin links against libwireshark's soname; so the package depends on the soname's
# package (libwireshark16 for libwireshark.so.16) from the built-against version up to,
# not including, the next minor release.

get_target_property(_tcpconn_epan_configs epan IMPORTED_CONFIGURATIONS)
list(GET _tcpconn_epan_configs 0 _tcpconn_epan_config)
string(TOUPPER "${_tcpconn_epan_config}" _tcpconn_epan_config)
get_target_property(_tcpconn_epan_soname epan IMPORTED_SONAME_${_tcpconn_epan_config})
if(NOT _tcpconn_epan_soname MATCHES "^libwireshark\\.so\\.([0-9]+)$")
  message(FATAL_ERROR "Unexpected libwireshark soname: ${_tcpconn_epan_soname}")
endif()
set(_tcpconn_libwireshark "libwireshark${CMAKE_MATCH_1}")
math(EXPR _tcpconn_next_minor "${Wireshark_MINOR_VERSION} + 1")

set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME wireshark-plugin-tcpconn)
set(CPACK_PACKAGE_VERSION "${PROJECT_VERSION}")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "Wireshark plugin naming each TCP segment's role in its connection")
string(CONCAT CPACK_PACKAGE_DESCRIPTION
       "tcpconn labels every TCP segment with its role and step in the connection's life\n"
       "(handshake, data, teardown), checks ack = seq + len, follows both endpoints'\n"
       "RFC 9293 states, and adds a statistics tree, a flow graph and the tcpconn\n"
       "configuration profile to Wireshark and tshark.")
set(CPACK_PACKAGE_CONTACT "tcpconn developers <tcpconn@localhost>")
set(CPACK_DEBIAN_PACKAGE_SECTION net)
# One package per Wireshark release, told apart in the version and the file name:
# wireshark-plugin-tcpconn_1.0.0-1+wireshark4.4_amd64.deb.
set(CPACK_DEBIAN_PACKAGE_RELEASE "1+wireshark${Wireshark_MAJOR_VERSION}.${Wireshark_MINOR_VERSION}")
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_STRIP_FILES ON)
set(CPACK_DEBIAN_PACKAGE_DEPENDS
    "${_tcpconn_libwireshark} (>= ${Wireshark_VERSION}), ${_tcpconn_libwireshark} (<< ${Wireshark_MAJOR_VERSION}.${_tcpconn_next_minor}~)")
set(CPACK_DEBIAN_PACKAGE_ENHANCES "tshark, wireshark-qt, wireshark")
# The labels and messages in Simplified Chinese (the tcpconn.language preference) need a CJK font.
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "fonts-noto-cjk")

# The source archive, `cpack --config CPackSourceConfig.cmake`: tcpconn-1.0.0.tar.gz, the
# tree without git's data, build folders or Python caches (what .gitignore leaves out).
set(CPACK_SOURCE_GENERATOR TGZ)
set(CPACK_SOURCE_PACKAGE_FILE_NAME "tcpconn-${PROJECT_VERSION}")
set(CPACK_SOURCE_IGNORE_FILES "/\\.git/" "/\\.git$" "/build/" "/build-[^/]*/" "/__pycache__/"
                              "/\\.pytest_cache/")
include(CPack)

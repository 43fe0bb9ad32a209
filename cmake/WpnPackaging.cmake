# Install layout and CPack configuration: one Debian 12 package "openwpn" (.deb) and a
# .tar.gz of the same tree. wpnd, wpnctl and wpn-tray install themselves (their own
# CMakeLists.txt); this file adds the systemd units, the tray's desktop entries and icons
# (when the tray is built), man pages, the example configuration and the Debian files.
#
# Nothing here touches a user's files: configuration, index, queue, partial downloads and
# logs live in each user's XDG directories, which dpkg never sees, so upgrades and removal
# (even purge) keep them and no maintainer scripts are needed.

include(GNUInstallDirs)

set(WPN_PACKAGE_NAME openwpn)
set(WPN_INSTALLER_DIR ${PROJECT_SOURCE_DIR}/installer)
set(WPN_DOC_DIR ${CMAKE_INSTALL_DATADIR}/doc/${WPN_PACKAGE_NAME})
# Where Debian 12's systemd looks (pkg-config systemd: systemdsystemunitdir / systemduserunitdir).
set(WPN_SYSTEMD_SYSTEM_DIR lib/systemd/system CACHE STRING "systemd system unit directory, relative to the prefix")
set(WPN_SYSTEMD_USER_DIR lib/systemd/user CACHE STRING "systemd user unit directory, relative to the prefix")

set(WPN_PACKAGING_BINARY_DIR ${PROJECT_BINARY_DIR}/packaging)
file(MAKE_DIRECTORY ${WPN_PACKAGING_BINARY_DIR})

# ---- systemd units. ExecStart names "wpnd" without a directory: systemd looks in
# /usr/local/bin then /usr/bin, so the same units serve the package and the tarball. ----
install(FILES ${WPN_INSTALLER_DIR}/linux/systemd/wpnd.service DESTINATION ${WPN_SYSTEMD_USER_DIR})
install(FILES ${WPN_INSTALLER_DIR}/linux/systemd/wpnd@.service DESTINATION ${WPN_SYSTEMD_SYSTEM_DIR})

# ---- the tray (tray/CMakeLists.txt installs the binary): desktop entries and icons ----
if(TARGET wpn-tray)
  install(FILES ${WPN_INSTALLER_DIR}/linux/desktop/openwpn-tray.desktop
          DESTINATION ${CMAKE_INSTALL_DATADIR}/applications)
  # Desktop sessions read /etc/xdg/autostart: that is where a /usr install (the .deb) puts
  # the entry; other prefixes (the .tar.gz, /usr/local) keep it under PREFIX/etc. Decided
  # at install time, as an absolute DESTINATION would make cpack write to the real /etc.
  install(CODE "
    set(wpn_etc \"\${CMAKE_INSTALL_PREFIX}/etc\")
    if(CMAKE_INSTALL_PREFIX STREQUAL \"/usr\")
      set(wpn_etc /etc)
    endif()
    file(INSTALL DESTINATION \"\${wpn_etc}/xdg/autostart\" TYPE FILE RENAME openwpn-tray.desktop
         FILES \"${WPN_INSTALLER_DIR}/linux/desktop/openwpn-tray-autostart.desktop\")")
  # The tray's artwork (openwpn.svg, openwpn-<N>.png) when it has it, else the simple
  # scalable one kept here.
  set(WPN_ICON_ROOT ${PROJECT_SOURCE_DIR}/tray/resources)
  if(NOT EXISTS ${WPN_ICON_ROOT}/openwpn.svg)
    set(WPN_ICON_ROOT ${WPN_INSTALLER_DIR}/linux/icons)
  endif()
  install(FILES ${WPN_ICON_ROOT}/openwpn.svg DESTINATION ${CMAKE_INSTALL_DATADIR}/icons/hicolor/scalable/apps)
  file(GLOB WPN_ICON_PNGS ${WPN_ICON_ROOT}/openwpn-*.png)
  foreach(png IN LISTS WPN_ICON_PNGS)
    string(REGEX MATCH "openwpn-([0-9]+)\\.png$" size_match ${png})
    if(size_match)
      set(size ${CMAKE_MATCH_1})
      install(FILES ${png} DESTINATION ${CMAKE_INSTALL_DATADIR}/icons/hicolor/${size}x${size}/apps
              RENAME openwpn.png)
    endif()
  endforeach()
endif()

# ---- man pages and Debian documentation, compressed as Debian policy wants ----
find_program(WPN_GZIP gzip REQUIRED)
set(WPN_COMPRESSED_DOCS)
function(wpn_gzip_doc source output)
  add_custom_command(OUTPUT ${output}
    COMMAND ${WPN_GZIP} -9nc ${source} > ${output}
    DEPENDS ${source} VERBATIM)
  set(WPN_COMPRESSED_DOCS ${WPN_COMPRESSED_DOCS} ${output} PARENT_SCOPE)
endfunction()
set(WPN_MAN_PAGES wpnd.1 wpnctl.1)
if(TARGET wpn-tray)
  list(APPEND WPN_MAN_PAGES wpn-tray.1)
endif()
foreach(page IN LISTS WPN_MAN_PAGES)
  wpn_gzip_doc(${WPN_INSTALLER_DIR}/linux/man/${page} ${WPN_PACKAGING_BINARY_DIR}/${page}.gz)
  install(FILES ${WPN_PACKAGING_BINARY_DIR}/${page}.gz DESTINATION ${CMAKE_INSTALL_MANDIR}/man1)
endforeach()
wpn_gzip_doc(${WPN_INSTALLER_DIR}/debian/changelog ${WPN_PACKAGING_BINARY_DIR}/changelog.Debian.gz)
# Built with "all", so a plain build followed by cpack finds them.
add_custom_target(wpn_packaging_docs ALL DEPENDS ${WPN_COMPRESSED_DOCS})

install(FILES ${WPN_PACKAGING_BINARY_DIR}/changelog.Debian.gz ${WPN_INSTALLER_DIR}/debian/copyright
        DESTINATION ${WPN_DOC_DIR})
install(FILES ${WPN_INSTALLER_DIR}/linux/README.Debian DESTINATION ${WPN_DOC_DIR})
# Every portable setting at its default (not data_dir, runtime_dir, shares, download_dir:
# they depend on the user). Plain JSON, as wpnd reads it; wpnd(1) documents each key.
install(FILES ${WPN_INSTALLER_DIR}/linux/wpnd.json.example DESTINATION ${WPN_DOC_DIR}/examples RENAME wpnd.json)

# The changelog's newest entry must name this version, or lintian and apt users see a stale one.
file(STRINGS ${WPN_INSTALLER_DIR}/debian/changelog WPN_CHANGELOG_TOP LIMIT_COUNT 1)
set(WPN_DEB_VERSION ${PROJECT_VERSION}-1)
if(NOT WPN_CHANGELOG_TOP MATCHES "\\(${WPN_DEB_VERSION}\\)")
  message(WARNING "installer/debian/changelog does not start with version ${WPN_DEB_VERSION}")
endif()

# ---- CPack ----
set(CPACK_PACKAGE_NAME ${WPN_PACKAGE_NAME})
set(CPACK_PACKAGE_VENDOR "OpenWPN")
set(CPACK_PACKAGE_CONTACT "OpenWPN <dev@openwpn.invalid>")
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "file-sharing node for the WinMX Peer Network")
set(CPACK_PACKAGE_DESCRIPTION_FILE ${WPN_INSTALLER_DIR}/debian/description.txt)
set(CPACK_RESOURCE_FILE_README ${PROJECT_SOURCE_DIR}/README.md)
set(CPACK_RESOURCE_FILE_LICENSE ${PROJECT_SOURCE_DIR}/LICENSE)
set(CPACK_PACKAGE_INSTALL_DIRECTORY ${WPN_PACKAGE_NAME})
set(CPACK_GENERATOR DEB TGZ)
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_PROJECT_CONFIG_FILE ${WPN_INSTALLER_DIR}/cpack/project_config.cmake)
set(CPACK_STRIP_FILES ON)
set(CPACK_INSTALL_DEFAULT_DIRECTORY_PERMISSIONS
    OWNER_READ OWNER_WRITE OWNER_EXECUTE GROUP_READ GROUP_EXECUTE WORLD_READ WORLD_EXECUTE)
set(CPACK_SOURCE_GENERATOR "")
set(CPACK_PACKAGE_FILE_NAME ${WPN_PACKAGE_NAME}-${PROJECT_VERSION}-linux-${CMAKE_SYSTEM_PROCESSOR})

set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_RELEASE 1)
set(CPACK_DEBIAN_PACKAGE_SECTION net)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
# Nothing is loaded with dlopen(). systemd runs the units and starts wpnd for the tray.
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "systemd")
set(CPACK_DEBIAN_COMPRESSION_TYPE xz)
# dpkg keeps changed conffiles on upgrade and removal; the only file under /etc is the
# tray's autostart entry.
if(TARGET wpn-tray)
  file(WRITE ${WPN_PACKAGING_BINARY_DIR}/conffiles "/etc/xdg/autostart/openwpn-tray.desktop\n")
  set(CPACK_DEBIAN_PACKAGE_CONTROL_EXTRA ${WPN_PACKAGING_BINARY_DIR}/conffiles)
endif()

include(CPack)

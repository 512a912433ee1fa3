; Inno Setup script: PeakPlan-Setup-<version>.exe from the PyInstaller folder.
; Build on Windows, from the repository root, after the bundle (see .github/workflows/windows.yml):
;   pyinstaller --noconfirm --distpath build\dist --workpath build\pyinstaller packaging\peakplan.spec
;   iscc /DAppVersion=<version from pyproject.toml> packaging\peakplan.iss
; Per-user install (no administrator rights) into %LOCALAPPDATA%\Programs\PeakPlan, a Start-menu
; entry, an uninstaller. Plans live in %LOCALAPPDATA%\PeakPlan (the per-user data folder), which
; this installer never writes and its uninstaller never removes.

#ifndef AppVersion
  #error Pass the version: iscc /DAppVersion=X.Y.Z packaging\peakplan.iss
#endif

[Setup]
AppId={{6F1B2C3D-8E4A-4B7C-9D21-5A3E7C9B1F40}
AppName=PeakPlan
AppVerName=PeakPlan {#AppVersion}
AppVersion={#AppVersion}
AppPublisher=PeakPlan
VersionInfoVersion={#AppVersion}
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=
DefaultDirName={autopf}\PeakPlan
DefaultGroupName=PeakPlan
DisableProgramGroupPage=yes
UninstallDisplayName=PeakPlan {#AppVersion}
UninstallDisplayIcon={app}\peakplan-gui.exe
SetupIconFile=peakplan.ico
OutputDir=..\dist
OutputBaseFilename=PeakPlan-Setup-{#AppVersion}
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
Compression=lzma2
SolidCompression=yes
WizardStyle=modern
CloseApplications=yes

[Languages]
Name: "english"; MessagesFile: "compiler:Default.isl"
; Inno Setup does not ship Chinese; use the translation where the build machine has it.
#if FileExists(AddBackslash(CompilerPath) + "Languages\ChineseSimplified.isl")
Name: "chinesesimplified"; MessagesFile: "compiler:Languages\ChineseSimplified.isl"
#endif

[CustomMessages]
english.AppTitle=PeakPlan - carbon peaking pilot plans
#if FileExists(AddBackslash(CompilerPath) + "Languages\ChineseSimplified.isl")
chinesesimplified.AppTitle=PeakPlan 碳达峰试点实施方案编制
#endif

[Files]
Source: "..\build\dist\peakplan\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{group}\{cm:AppTitle}"; Filename: "{app}\peakplan-gui.exe"; WorkingDir: "{userdocs}"
Name: "{group}\{cm:UninstallProgram,PeakPlan}"; Filename: "{uninstallexe}"

[Run]
Filename: "{app}\peakplan-gui.exe"; Description: "{cm:LaunchProgram,PeakPlan}"; Flags: nowait postinstall skipifsilent

; No [UninstallDelete] and no [Dirs] for %LOCALAPPDATA%\PeakPlan: removing PeakPlan keeps the plans.

; Inno Setup script: a Windows installer for the one-folder bundle that `make package` builds on Windows
; (dist\comptoir with comptoir.exe for the console and comptoir-gui.exe for the Start menu).
;
;   iscc /DAppVersion=0.1.0 packaging\windows\comptoir.iss      ->  dist\comptoir-0.1.0-setup.exe
;
; Needs Inno Setup 6.3 or newer (the x64compatible architecture name). Run from the checkout's root after
; building dist\comptoir on Windows (packaging/README.md says how).
;
; NOT TESTED: written on Linux, where neither Windows nor Inno Setup is available; it has never been compiled.
; Check on a real Windows machine before shipping: the install for one user and for all users, the PATH
; entry, the Start menu and desktop shortcuts, the icon PyInstaller made from the PNG, and the uninstaller.
; Known gap: the uninstaller leaves the folder it added to the user's PATH (Inno Setup has no built-in way
; to remove one entry from a list); nothing else of the program is left behind, and the shop's data (in the
; user's AppData) is never removed.

#ifndef AppVersion
  #define AppVersion "0.1.0"
#endif

[Setup]
; The id ties upgrades and the uninstaller together: never change it.
AppId={{27DE82A0-74C6-40B9-840B-2111556F3254}
AppName=Comptoir
AppVersion={#AppVersion}
AppVerName=Comptoir {#AppVersion}
AppPublisher=Comptoir
DefaultDirName={autopf}\Comptoir
DefaultGroupName=Comptoir
DisableProgramGroupPage=yes
; Installing for the current user needs no administrator; the dialog offers all users too.
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=dialog
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
OutputDir=..\..\dist
OutputBaseFilename=comptoir-{#AppVersion}-setup
UninstallDisplayIcon={app}\comptoir-gui.exe
Compression=lzma2
SolidCompression=yes
WizardStyle=modern
ChangesEnvironment=yes

[Languages]
Name: "french"; MessagesFile: "compiler:Languages\French.isl"
Name: "english"; MessagesFile: "compiler:Default.isl"

[CustomMessages]
french.AddToPath=Ajouter la commande comptoir au PATH (ligne de commande)
english.AddToPath=Add the comptoir command to PATH (command line)

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked
Name: "addtopath"; Description: "{cm:AddToPath}"; Flags: unchecked

[Files]
Source: "..\..\dist\comptoir\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{autoprograms}\Comptoir"; Filename: "{app}\comptoir-gui.exe"
Name: "{autodesktop}\Comptoir"; Filename: "{app}\comptoir-gui.exe"; Tasks: desktopicon

[Registry]
; The user's PATH (the all-users PATH would need administrator rights whatever the install mode).
Root: HKCU; Subkey: "Environment"; ValueType: expandsz; ValueName: "Path"; ValueData: "{olddata};{app}"; \
    Tasks: addtopath; Check: NotInPath(ExpandConstant('{app}'))

[Run]
Filename: "{app}\comptoir-gui.exe"; Description: "{cm:LaunchProgram,Comptoir}"; Flags: nowait postinstall skipifsilent

[Code]
function NotInPath(Folder: string): Boolean;
var
  Current: string;
begin
  if not RegQueryStringValue(HKEY_CURRENT_USER, 'Environment', 'Path', Current) then
    Result := True
  else
    Result := Pos(';' + Uppercase(Folder) + ';', ';' + Uppercase(Current) + ';') = 0;
end;
